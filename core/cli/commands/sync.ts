import { clockSkewLimitMs } from '../../contract/replication';
import { readSyncStatus } from '../../sync/status';
import { syncOnce } from '../../sync/sync-once';
import { CredentialsLocked, settingsCredentialStore } from '../../sync/sync-state';
import { lockedAdvice } from './enrol';
import { httpTransport } from '../../sync/transport';
import { parseOptions } from '../parse-options';
import type { CliCommand } from '../command';
import type { RejectedChange, SyncStatus } from '../../contract/sync';
import { changeKey, refusalTexts } from '../../sync/refusal-texts';
import { cliSharedTexts, type CliLanguage, type CliT } from '../i18n';

/** How many refusals still to deal with a round lists; the counter's sync panel has them all. */
const listedRefusals = 10;

/**
 * The refused changes nobody has dealt with yet, as the counter's sync panel says them: what the
 * change was and about what, when it was made (the site's time), why the head office refused it
 * and what to do; its code in brackets for whoever is asked on the phone.
 */
export function refusalLines(
  status: Pick<SyncStatus, 'rejected' | 'unhandled'>,
  language: CliLanguage,
  t: CliT,
  timeZone: string,
): string[] {
  const pending = status.rejected.filter((r) => r.handledAt === null).slice(0, listedRefusals);
  if (!pending.length) return [];
  const shared = cliSharedTexts(language);
  const when = new Intl.DateTimeFormat(language, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  });
  const describe = (change: RejectedChange) => {
    const { key, values } = refusalTexts(change, shared.has, (s) => shared.t(`status.${s}`));
    const what = [
      shared.has(`change.${changeKey(change.name)}`)
        ? shared.t(`change.${changeKey(change.name)}`)
        : shared.t('change.other'),
      ...(change.orderNumber ? [t('commands.sync.order', { number: change.orderNumber })] : []),
      ...(change.subject
        ? [shared.t(`subject.${change.subject.kind}`, { label: change.subject.label })]
        : []),
      when.format(change.clientAt),
    ].join(' · ');
    return [
      `  ${what} [${change.code}]`,
      `    ${shared.t(`${key}.reason`, values)}`,
      `    ${t('commands.sync.whatToDo', { action: shared.t(`${key}.action`, values) })}`,
    ];
  };
  const more = status.unhandled - pending.length;
  return [
    t('commands.sync.refusedTitle', { count: status.unhandled }),
    ...pending.flatMap(describe),
    ...(more > 0 ? [t('commands.sync.moreRefused', { count: more })] : []),
    t('commands.sync.markHandled'),
  ];
}

/** Said only when this computer's clock is off: its documents carry that clock. */
function clockLine(t: CliT, offsetMs: number | undefined): string[] {
  if (offsetMs === undefined || Math.abs(offsetMs) < clockSkewLimitMs) return [];
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount =
    minutes >= 60
      ? t('commands.sync.hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
      : t('commands.sync.minutes', { minutes });
  return [t(offsetMs > 0 ? 'commands.sync.clockBehind' : 'commands.sync.clockAhead', { amount })];
}

/** What to do about a round that failed, as the sync drawer says it (restores have their own). */
const advisedProblems = new Set([
  'unauthenticated',
  'push_seq_mismatch',
  'push_server_update_required',
  'photo_upload_stalled',
  'pull_apply_failed',
]);
function problemAdvice(t: CliT, code: string): string[] {
  if (code === 'pull_cursor_ahead' || code === 'push_gap') return [];
  return [t(`commands.sync.advice.${advisedProblems.has(code) ? code : 'other'}`)];
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: (t) => t('commands.sync.summary'),
  usage: (t) => t('commands.sync.usage'),
  async run(args, env) {
    const { t } = env;
    // It takes no options: one it would ignore (`sync --force`) is refused instead.
    const options = parseOptions({ args, options: {} }, t);
    if (!options.ok) {
      env.io.err(`${options.message}\n\n${t('usage', { usage: this.usage(t) })}\n`);
      return 2;
    }
    const desk = env.openDesk();
    let credentials;
    try {
      credentials = settingsCredentialStore(desk.db, desk.secrets).load();
    } catch (error) {
      if (!(error instanceof CredentialsLocked)) throw error;
      env.io.err(`${lockedAdvice(t, error)}\n`);
      return 1;
    }
    if (!credentials) {
      env.io.err(`${t('commands.sync.notEnrolled')}\n`);
      return 1;
    }
    const round = await syncOnce(desk, httpTransport(credentials), {
      onProgress: ({ pulled, remaining }) =>
        remaining > 0 && env.io.out(`${t('commands.sync.progress', { pulled, remaining })}\n`),
    });
    const status = readSyncStatus(desk.db);
    env.io.out(
      [
        t('commands.sync.server', {
          url: credentials.serverUrl,
          state: t(
            round.error === 'offline' ? 'commands.sync.unreachable' : 'commands.sync.reached',
          ),
        }),
        t('commands.sync.sent', {
          sent: round.push.sent,
          accepted: round.push.accepted,
          refused: round.push.rejected,
        }),
        t('commands.sync.received', { changes: round.pulled, pages: round.pages }),
        t('commands.sync.waiting', { waiting: status.waiting }),
        ...(round.updateRequired ? [t('commands.sync.updateRequired')] : []),
        ...(round.error && round.error !== 'offline'
          ? [t('commands.sync.problem', { code: round.error }), ...problemAdvice(t, round.error)]
          : []),
        // Unreachable: what waits is safe, and what to look at before calling anyone.
        ...(round.error === 'offline' ? [t('commands.sync.advice.offline')] : []),
        ...(round.error === 'pull_cursor_ahead' || round.error === 'push_gap'
          ? [t('commands.sync.restored')]
          : []),
        ...clockLine(t, round.clockOffsetMs),
        ...refusalLines(status, env.language, t, desk.site.timezone),
      ].join('\n') + '\n',
    );
    return round.ok ? 0 : 1;
  },
};

export default syncCommand;
