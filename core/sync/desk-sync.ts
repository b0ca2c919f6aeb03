import type { Logger } from 'pino';
import type { Desk } from '../runtime/desk';
import { httpBlobTransport } from './blob-transport';
import { wantMissingBlobs } from './blob-sync';
import { sseSubscription, startSyncLoop, type SyncLoop, type SyncLoopOptions } from './loop';
import { CredentialsLocked, settingsCredentialStore, storedCredentialsStamp } from './sync-state';
import { httpTransport } from './transport';

/**
 * The hosts' background replication (Electron main, browser mode): nothing on a desk that is not
 * enrolled (or whose sealed credentials this process cannot open), otherwise the sync loop over HTTP with the server's change notifications and the
 * attachment bytes. Photos this desk should have but lacks are looked for once at start.
 */
export function startDeskSync(
  desk: Pick<Desk, 'db' | 'dataDir' | 'secrets'>,
  options: { logger?: Logger } & Pick<SyncLoopOptions, 'idleMs' | 'reconnectMs' | 'now'> = {},
): SyncLoop | null {
  const { logger, ...loopOptions } = options;
  let credentials;
  try {
    credentials = settingsCredentialStore(desk.db, desk.secrets).load();
  } catch (error) {
    // The desk still works on its own; sync starts with the next start that can open the key.
    if (!(error instanceof CredentialsLocked)) throw error;
    logger?.error({ reason: error.message }, 'sync not started');
    return null;
  }
  if (!credentials) return null;
  wantMissingBlobs(desk.db, desk.dataDir);
  const authorization = `Bearer ${credentials.deskId}.${credentials.secret}`;
  let lastError: string | undefined;
  return startSyncLoop(desk, httpTransport(credentials), {
    ...loopOptions,
    subscribe: sseSubscription(credentials.serverUrl, authorization),
    blobs: { transport: httpBlobTransport(credentials), dataDir: desk.dataDir },
    onRound: (round) => {
      // One line when the state changes, not one per round.
      logger?.debug({ error: round.error, pushed: round.push.sent, pulled: round.pulled }, 'round');
      if (round.error === lastError) return;
      lastError = round.error;
      if (round.error)
        logger?.warn(
          { error: round.error, ...(round.detail ? { detail: round.detail } : {}) },
          'sync round failed',
        );
      else logger?.info({ pushed: round.push.accepted, pulled: round.pulled }, 'sync back in step');
    },
  });
}

/**
 * What the hosts run: `startDeskSync` at launch, and again whenever the desk enrols while running:
 * from the app (the first-run screen, at once), or from the command line in another process
 * (`npm run cli -- enrol` on this data folder, seen within `watchMs`), so the desk downloads the
 * head office without a restart and never syncs on with credentials that were replaced. `stop`
 * ends whichever loop is running.
 */
export function keepDeskSynced(
  desk: Pick<Desk, 'db' | 'dataDir' | 'secrets' | 'onEnrolled'>,
  options: Parameters<typeof startDeskSync>[1] & { watchMs?: number } = {},
): { stop(): Promise<void> } {
  const { watchMs = 5_000, ...syncOptions } = options;
  let stamp = storedCredentialsStamp(desk.db);
  let loop = startDeskSync(desk, syncOptions);
  let stopped = false;
  const restart = () => {
    if (stopped) return;
    stamp = storedCredentialsStamp(desk.db);
    const previous = loop;
    loop = startDeskSync(desk, syncOptions);
    void previous?.stop();
  };
  const unsubscribe = desk.onEnrolled(restart);
  const watch = setInterval(() => {
    try {
      if (storedCredentialsStamp(desk.db) !== stamp) restart();
    } catch (error) {
      // The database closing under the timer: the host is stopping.
      options.logger?.debug({ reason: String(error) }, 'enrolment watch skipped');
    }
  }, watchMs);
  watch.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(watch);
      unsubscribe();
      await loop?.stop();
    },
  };
}
