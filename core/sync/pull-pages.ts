import type { Db } from '../db/open';
import { restoreDeferredIndexes } from '../db/deferred-indexes';
import { rebuildSearchIndexIfPending } from '../search/deferred-index';
import { applyPulledPage } from './apply-pulled';
import { acknowledgedThrough } from './outbox';
import { haltPull, readCursor, readPullHalt, type PullHalt } from './sync-state';
import { ServerRefused, type SyncTransport } from './transport';

/**
 * Changes per pulled page: one request and one transaction each. Larger pages amortise both,
 * but a page and the one fetched ahead are in memory at once, parsed: at 2500 a head-office
 * bootstrap of 100 000 orders peaks about 20 MB lower than at 5000, in the same time (see
 * docs/decisions.md, "Pull pages of 2500").
 */
export const defaultPageSize = 2500;

/**
 * A round that starts this many changes behind is a bootstrap: its search indexes and the
 * secondary indexes of the pulled tables are built once at the end instead of row by row (see
 * `core/db/deferred-indexes.ts`; together well over a third of the desk's apply time).
 */
export const defaultDeferIndexesAbove = 20_000;

/**
 * SQLite's page cache (KiB) while a round that defers its indexes runs, instead of the desk's
 * 32 MB (`deskCacheKib`): with its secondary indexes set aside a bootstrap writes rows it does
 * not read back, and the full 32 MB cache was ~35 MB of a head-office bootstrap's peak memory
 * for no CPU it saved. Head-office bootstrap of 100 000 orders, peak memory (MB) over repeated,
 * alternated runs: 32 MB cache 250–269, 8 MB 214–250, 4 MB 205–227, desk CPU the same within
 * its noise (13–15 s); see docs/decisions.md, "A bootstrap runs with a 4 MB page cache". Put back
 * when the round ends, however it ends.
 */
export const bootstrapCacheKib = 4096;

export interface PullOptions {
  pageSize?: number;
  /** The desk's folder: files of photos a page removes are deleted there (see `applyPulledPage`). */
  dataDir?: string;
  /** Stop pulling after this many pages (the loop comes back for the rest). */
  maxPages?: number;
  /** Changes behind (first page included) from which index maintenance is deferred. */
  deferIndexesAbove?: number;
  onProgress?: (progress: { pulled: number; remaining: number }) => void;
  /** Called with each page's changes once they are applied (attachments note their photos). */
  onPage?: (changes: Page['changes']) => void;
}

type Page = Awaited<ReturnType<SyncTransport['pull']>>;

/**
 * The head office's database is behind what this desk has already pulled: it was restored from
 * a backup. Pulling stays stopped (`readPullHalt`) until the desk is enrolled again, which
 * starts it over from the beginning; pushing goes on.
 */
export class PullHalted extends Error {
  constructor(readonly halt: PullHalt) {
    super(`pulling stopped: the head office refused cursor ${halt.cursor} as ${halt.reason}`);
    this.name = 'PullHalted';
  }
}

/**
 * The server answered, but this desk could not apply what it sent (a local database error): not
 * "offline", and not something retrying fixes by itself. Nothing of the page was applied.
 */
export class PulledPageFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(`a pulled page could not be applied: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'PulledPageFailed';
  }
}

/**
 * Downloads pages until the server has nothing more for this desk's scope. The next page is
 * requested before the current one is applied, so the server reads while the desk writes; it
 * starts from the cursor the current page commits, so it is exactly the page that would follow.
 * A page that fails to apply throws, and the page fetched ahead of it is dropped unapplied.
 * A round far behind defers index maintenance from its first page; once the server has nothing
 * more, the indexes are built (a crash before that leaves the note for the next round or start).
 */
export interface PulledRound {
  pulled: number;
  pages: number;
  remaining: number;
  /** The server's clock at the last page (a server of an earlier version does not say). */
  serverTime?: number;
}

export async function pullPages(
  db: Db,
  transport: SyncTransport,
  options: PullOptions = {},
): Promise<PulledRound> {
  const pageSize = options.pageSize ?? defaultPageSize;
  const maxPages = options.maxPages ?? Infinity;
  const deferIndexesAbove = options.deferIndexesAbove ?? defaultDeferIndexesAbove;
  let pulled = 0;
  let pages = 0;
  let remaining = 0;
  let serverTime: number | undefined;
  const halted = readPullHalt(db);
  if (halted) throw new PullHalted(halted);
  const cursor = readCursor(db);
  // Read before the first request leaves: every push acknowledged by then was committed before
  // the server reads what it holds of this desk's pushes for that page.
  const acknowledged = acknowledgedThrough(db);
  // Only the first page is counted by the server; later ones count down from it.
  let next: Promise<Page> | null = transport.pull(cursor, pageSize, { count: true });
  const cacheBefore = db.$client.pragma('cache_size', { simple: true }) as number;
  try {
    while (next) {
      let page: Page;
      try {
        page = await next;
      } catch (error) {
        if (!(error instanceof ServerRefused) || error.error.params?.reason !== 'cursor_ahead')
          throw error;
        const halt: PullHalt = { reason: 'cursor_ahead', cursor: readCursor(db), at: Date.now() };
        haltPull(db, halt);
        throw new PullHalted(halt);
      }
      if (page.end.pushedThrough !== undefined && page.end.pushedThrough < acknowledged) {
        // The head office has lost pushes it acknowledged: restored from a backup. The desk may
        // have nothing to push that would meet the gap, so the pull says it.
        const halt: PullHalt = { reason: 'push_gap', cursor: readCursor(db), at: Date.now() };
        haltPull(db, halt);
        throw new PullHalted(halt);
      }
      next = null;
      if (page.end.hasMore && pages + 1 < maxPages) {
        next = transport.pull(page.end.cursor, pageSize, { count: false });
        next.catch(() => {});
        // Let the request leave before the synchronous apply holds the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const behind = page.changes.length + (page.end.remaining ?? 0);
      const deferIndexes = pages === 0 && page.end.hasMore && behind >= deferIndexesAbove;
      if (deferIndexes) db.$client.pragma(`cache_size = -${bootstrapCacheKib}`);
      let applied: boolean;
      try {
        applied = applyPulledPage(db, page.changes, page.end.cursor, {
          deferIndexes,
          ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        });
      } catch (error) {
        throw new PulledPageFailed(error);
      }
      if (!applied) {
        // The desk is becoming another site (`holdForEnrolment`): the page waits for the next
        // round, which then pulls as the new site, from its beginning.
        next = null;
        remaining = Math.max(1, behind);
        break;
      }
      options.onPage?.(page.changes);
      pulled += page.changes.length;
      pages++;
      serverTime = page.end.serverTime ?? serverTime;
      remaining = !page.end.hasMore
        ? 0
        : (page.end.remaining ?? Math.max(1, remaining - page.changes.length));
      options.onProgress?.({ pulled, remaining });
    }
    if (remaining === 0) {
      restoreDeferredIndexes(db.$client);
      rebuildSearchIndexIfPending(db);
    }
  } finally {
    db.$client.pragma(`cache_size = ${cacheBefore}`);
  }
  return { pulled, pages, remaining, ...(serverTime === undefined ? {} : { serverTime }) };
}
