import type { Logger } from 'pino';
import type { Desk } from '../runtime/desk';
import { httpBlobTransport } from './blob-transport';
import { wantMissingBlobs } from './blob-sync';
import { sseSubscription, startSyncLoop, type SyncLoop, type SyncLoopOptions } from './loop';
import { CredentialsLocked, settingsCredentialStore } from './sync-state';
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
 * What the hosts run: `startDeskSync` at launch, and again whenever the desk enrols while running
 * (the first-run screen), so a desk enrolled from the app downloads the head office at once
 * instead of at its next start. `stop` ends whichever loop is running.
 */
export function keepDeskSynced(
  desk: Pick<Desk, 'db' | 'dataDir' | 'secrets' | 'onEnrolled'>,
  options: Parameters<typeof startDeskSync>[1] = {},
): { stop(): Promise<void> } {
  let loop = startDeskSync(desk, options);
  let stopped = false;
  const unsubscribe = desk.onEnrolled(() => {
    if (stopped) return;
    const previous = loop;
    loop = startDeskSync(desk, options);
    void previous?.stop();
  });
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      await loop?.stop();
    },
  };
}
