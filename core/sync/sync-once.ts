import type { Db } from '../db/open';
import {
  BlobUploadStalled,
  downloadWantedBlobs,
  emptyBlobReport,
  noteWantedBlobs,
  uploadOutboxBlobs,
  type BlobReport,
  type BlobSync,
} from './blob-sync';
import { PulledPageFailed, PullHalted, pullPages, type PullOptions } from './pull-pages';
import { pushOutbox, type PushOptions, type PushReport } from './push-outbox';
import { haltPull, readCursor, updateHealth } from './sync-state';
import { ServerRefused, type SyncTransport } from './transport';

export interface SyncRound {
  ok: boolean;
  push: PushReport;
  pulled: number;
  pages: number;
  remaining: number;
  updateRequired: boolean;
  /**
   * How far the head office's clock is ahead of this desk's (negative: behind), read at the
   * last page pulled; absent when the server did not say.
   */
  clockOffsetMs?: number;
  /** Attachment bytes moved this round (when the round was given a blob transport). */
  blobs: BlobReport;
  /**
   * Why the round failed: `offline`, `pull_apply_failed`, `pull_cursor_ahead`, `push_gap`, or the
   * server's error code.
   */
  error?: string;
  /** What the host logs besides the code, where there is more to say. */
  detail?: string;
}

export interface SyncOptions extends PullOptions {
  now?: () => number;
  /** Moves attachment bytes too: uploads before the push, downloads after the pull. */
  blobs?: BlobSync;
  /** How the outbox goes up (batch sizes, pushes in flight); the defaults suit production. */
  push?: PushOptions;
}

/** One round: push the outbox, then pull what changed for this desk. Never throws. */
export async function syncOnce(
  desk: { db: Db },
  transport: SyncTransport,
  options: SyncOptions = {},
): Promise<SyncRound> {
  const now = options.now ?? Date.now;
  const { db } = desk;
  const round: SyncRound = {
    ok: false,
    push: { sent: 0, accepted: 0, rejected: 0 },
    pulled: 0,
    pages: 0,
    remaining: 0,
    updateRequired: false,
    blobs: emptyBlobReport(),
  };
  updateHealth(db, { lastAttemptAt: now() });
  try {
    if (options.blobs) await uploadOutboxBlobs(db, options.blobs, round.blobs);
    round.push = await pushOutbox(db, transport, now, options.push);
    round.updateRequired = round.push.stopped === 'update_required';
    // Not a push overtaken on the way (those are sent again): the head office has lost changes
    // it acknowledged, so its database went back in time and this desk's cursor may point past
    // what it will write next.
    if (round.push.stopped === 'gap')
      haltPull(db, { reason: 'push_gap', cursor: readCursor(db), at: now() });
    const { blobs } = options;
    const pulled = await pullPages(db, transport, {
      ...options,
      ...(blobs
        ? { onPage: (changes) => noteWantedBlobs(db, changes), dataDir: blobs.dataDir }
        : {}),
    });
    const { serverTime, ...counts } = pulled;
    Object.assign(round, counts);
    // Measured when the last page has been applied: off by that page's work (a second at most),
    // which the five minutes that count as off leave out of account.
    if (serverTime !== undefined) round.clockOffsetMs = serverTime - now();
    round.ok = !round.push.stopped;
    if (round.push.stopped && !round.updateRequired) round.error = `push_${round.push.stopped}`;
    updateHealth(db, {
      online: true,
      lastSuccessAt: now(),
      lastError: round.error ?? null,
      updateRequired: round.updateRequired,
      remaining: round.remaining,
      ...(round.clockOffsetMs === undefined ? {} : { clockOffsetMs: round.clockOffsetMs }),
    });
  } catch (error) {
    // A photo upload the server keeps sending back to the same offset: it answers, so the desk
    // is online, but nothing after that photo can go up until it does.
    // A page this desk cannot apply: the server answered, the fault is here; it is logged.
    const answered =
      error instanceof ServerRefused ||
      error instanceof PullHalted ||
      error instanceof BlobUploadStalled ||
      error instanceof PulledPageFailed;
    round.error =
      error instanceof ServerRefused
        ? error.error.code
        : error instanceof PullHalted
          ? error.halt.reason === 'push_gap'
            ? 'push_gap'
            : 'pull_cursor_ahead'
          : error instanceof BlobUploadStalled
            ? 'photo_upload_stalled'
            : error instanceof PulledPageFailed
              ? 'pull_apply_failed'
              : 'offline';
    // The database's own words (a constraint's name, never a row's values), for the log.
    if (error instanceof PulledPageFailed) round.detail = (error.cause as Error)?.message;
    updateHealth(db, { online: answered, lastError: round.error });
    return round;
  }
  // Photos follow the rows; one that cannot be fetched now waits for the next round.
  if (options.blobs)
    await downloadWantedBlobs(db, options.blobs, round.blobs).catch(() => undefined);
  return round;
}
