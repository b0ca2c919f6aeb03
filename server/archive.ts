import type { ServerDb } from './db/connection';
import { readHorizon, type ParsedCursor } from './pull';

/** Arbitrary constant: the advisory lock that lets one archive run at a time. */
const archiveLock = 4_711_002;

export interface ArchiveOptions {
  /** Changes written before this instant go (those of a transaction that started before it). */
  before: Date;
  /** Changes removed per transaction: each batch commits on its own, so locks stay short. */
  batchSize?: number;
  /** After each batch: the changes archived so far in this run. */
  onProgress?: (archived: number) => void;
}

export interface ArchiveResult {
  /** Changes removed by this run. */
  archived: number;
  /** The change log's horizon afterwards (`xid:seq`), or null if nothing was ever archived. */
  horizon: string | null;
}

/**
 * Archives the change log up to `before`: removes, batch by batch, the changes in pull order
 * (xid, seq) from the oldest up to the last one written before it, and moves the horizon there
 * (`change_log_horizon`). Only a prefix ever goes, so "before the horizon" is a position, and a
 * change of a transaction still running is never taken (`xid < pg_snapshot_xmin`): nothing can
 * be logged at or before the horizon afterwards. The first change at or after `before` stops the
 * run, so a long transaction's late change keeps the ones after it.
 *
 * Nothing a desk needs is lost: the log holds no row data (pulls join `records`), and a desk
 * whose cursor is before the horizon downloads its scope's rows as they stand instead (see
 * `pullPageLines`). The audit trail, not the change log, is the record of who changed what.
 */
export async function archiveChanges(db: ServerDb, options: ArchiveOptions): Promise<ArchiveResult> {
  const batchSize = options.batchSize ?? 10_000;
  let archived = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [archiveLock]);
      const rows = await tx.query<{ xid: string; seq: string; old: boolean }>(
        `SELECT c.xid::text AS xid, c.seq::text AS seq, c.logged_at < $1::timestamptz AS old
           FROM change_log c
          WHERE c.xid < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY c.xid, c.seq
          LIMIT $2`,
        [options.before.toISOString(), batchSize],
      );
      const firstNew = rows.findIndex((row) => !row.old);
      const taken = firstNew === -1 ? rows.length : firstNew;
      const last: ParsedCursor | undefined = rows[taken - 1];
      if (!last) return { removed: 0, done: true };
      const deleted = await tx.query<{ n: string }>(
        `WITH gone AS (DELETE FROM change_log WHERE (xid, seq) <= ($1::text::xid8, $2::bigint) RETURNING 1)
         SELECT count(*)::text AS n FROM gone`,
        [last.xid, last.seq],
      );
      const n = Number(deleted[0]!.n);
      await tx.query(
        `INSERT INTO change_log_horizon (id, xid, seq, archived, archived_at)
         VALUES (1, $1::text::xid8, $2::bigint, $3, $4)
         ON CONFLICT (id) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq,
           archived = change_log_horizon.archived + EXCLUDED.archived,
           archived_at = EXCLUDED.archived_at`,
        [last.xid, last.seq, n, Date.now()],
      );
      // A short batch, or one that met a newer change, was the last.
      return { removed: n, done: taken < batchSize };
    });
    archived += batch.removed;
    if (batch.removed) options.onProgress?.(archived);
    if (batch.done) break;
  }
  const horizon = await readHorizon(db);
  return { archived, horizon: horizon ? `${horizon.xid}:${horizon.seq}` : null };
}
