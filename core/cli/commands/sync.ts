import { clockSkewLimitMs } from '../../contract/replication';
import { readSyncStatus } from '../../sync/status';
import { syncOnce } from '../../sync/sync-once';
import { CredentialsLocked, settingsCredentialStore } from '../../sync/sync-state';
import { lockedAdvice } from './enrol';
import { httpTransport } from '../../sync/transport';
import type { CliCommand } from '../command';

/** Said only when this computer's clock is off: its documents carry that clock. */
function clockLine(offsetMs: number | undefined): string[] {
  if (offsetMs === undefined || Math.abs(offsetMs) < clockSkewLimitMs) return [];
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount =
    minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return [
    `CLOCK OFF: this computer's clock is ${amount} ${offsetMs > 0 ? 'behind' : 'ahead of'} the head office's; receipts and slips print this computer's time. Set it right in the system settings.`,
  ];
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Run one round of replication with the head office and say what happened.',
  usage: 'sync',
  async run(_args, env) {
    const desk = env.openDesk();
    let credentials;
    try {
      credentials = settingsCredentialStore(desk.db, desk.secrets).load();
    } catch (error) {
      if (!(error instanceof CredentialsLocked)) throw error;
      env.io.err(`${lockedAdvice(error)}\n`);
      return 1;
    }
    if (!credentials) {
      env.io.err('This desk is not enrolled: run `enrol --server URL --code CODE` first.\n');
      return 1;
    }
    const round = await syncOnce(desk, httpTransport(credentials), {
      onProgress: ({ pulled, remaining }) =>
        remaining > 0 && env.io.out(`  downloaded ${pulled}, ${remaining} to go…\n`),
    });
    const status = readSyncStatus(desk.db);
    env.io.out(
      [
        `server: ${credentials.serverUrl} (${round.error === 'offline' ? 'unreachable' : 'reached'})`,
        `sent: ${round.push.sent}, accepted: ${round.push.accepted}, refused: ${round.push.rejected}`,
        `received: ${round.pulled} changes in ${round.pages} pages`,
        `waiting to send: ${status.waiting}`,
        ...(round.updateRequired
          ? [
              'UPDATE REQUIRED: the head office no longer accepts this version; nothing queued is lost.',
            ]
          : []),
        ...(round.error && round.error !== 'offline' ? [`problem: ${round.error}`] : []),
        ...(round.error === 'pull_cursor_ahead' || round.error === 'push_gap'
          ? [
              'HEAD OFFICE RESTORED: its database has lost changes this desk already holds, so this desk takes no more until it is enrolled again (nothing here is deleted). Ask the head office for a new code for this site and run `enrol --server URL --code CODE`: what this desk sent in the last 30 days goes up again (the head office takes back what it lost), then the waiting changes, and the head office data is downloaded again.',
            ]
          : []),
        ...clockLine(round.clockOffsetMs),
        ...status.rejected
          .slice(0, 10)
          .map(
            (r) =>
              `refused ${r.name}${r.orderNumber ? ` ${r.orderNumber}` : ''}: ${r.code} ${JSON.stringify(r.params ?? {})}`,
          ),
      ].join('\n') + '\n',
    );
    return round.ok ? 0 : 1;
  },
};

export default syncCommand;
