import { eq, ne, notExists } from 'drizzle-orm';
import {
  downloadOf,
  initialCursor,
  isSnapshotCursor,
  type PullChange,
} from '../contract/replication';
import type { Db } from '../db/open';
import { repairOrders, settings, sites } from '../db/schema';
import { siteKey } from '../runtime/embedded-defaults';
import { orderChildren } from './order-children';
import { readResync, writeResync } from './sync-state';

/**
 * A desk that was away longer than the head office keeps its change log (`admin
 * archive-changes`) is sent its scope's rows as they stand instead of the changes it missed (see
 * `server/pull.ts`). Rows that changed arrive as they now are; what the archived changes also
 * said is which orders left this desk's scope (custody moved on). Those are not sent at all, so
 * the desk finds them itself: an order leaves the scope of every site but the one that took it
 * in, so the candidates are the orders of other sites it holds when the download begins; the ones
 * the download does not send again have left, and go as an eviction would have taken them; so do
 * the rows of orders it holds without the order (see `candidates`).
 *
 * A new download (the horizon moved on during one) starts the list again: an order the first
 * one sent may have left since, with its eviction archived.
 *
 * Not for a download from the very beginning (`0:0`: a new desk, or one enrolled again after
 * the head office was restored, which keeps what the head office no longer holds), nor at the
 * head office, whose scope nothing leaves.
 */
export function beginResync(db: Db, previous: string, next: string): void {
  const download = downloadOf(next);
  if (!download || downloadOf(previous) === download) return;
  if (previous === initialCursor) {
    writeResync(db, null);
    return;
  }
  const siteId = db.select().from(settings).where(eq(settings.key, siteKey)).get()?.value;
  if (typeof siteId !== 'string') return;
  const kind = db.select({ kind: sites.kind }).from(sites).where(eq(sites.id, siteId)).get()?.kind;
  // Noted at the head office too, with nothing to strike off: the sync drawer says why it downloads.
  writeResync(db, { unconfirmed: kind === 'head_office' ? [] : candidates(db, siteId) });
}

/**
 * The orders of other sites this desk holds, and the orders whose rows it holds without the order
 * itself: a download sends the tables one after another, so an earlier one can have sent an
 * order's events before the order left this desk's scope and was not sent. Its eviction would
 * have taken those rows with it, and it is archived if a new download has begun.
 */
function candidates(db: Db, siteId: string): string[] {
  const ids = new Set(
    db
      .select({ id: repairOrders.id })
      .from(repairOrders)
      .where(ne(repairOrders.intakeSiteId, siteId))
      .all()
      .map((order) => order.id),
  );
  for (const child of orderChildren)
    for (const row of db
      .selectDistinct({ orderId: child.orderId })
      .from(child)
      .where(notExists(db.select().from(repairOrders).where(eq(repairOrders.id, child.orderId))))
      .all())
      if (row.orderId) ids.add(row.orderId);
  return [...ids];
}

/**
 * After a page of such a download is written: the orders it sent are confirmed; once the
 * download is over (the cursor is back in the change log), the unconfirmed ones are evicted.
 */
export function settleResync(
  db: Db,
  changes: readonly PullChange[],
  next: string,
  evict: (orderId: string) => void,
): void {
  const resync = readResync(db);
  if (!resync) return;
  const sent = new Set(
    changes.filter((c) => c.tbl === 'repair_orders' && c.op === 'upsert').map((c) => c.id),
  );
  const unconfirmed = resync.unconfirmed.filter((id) => !sent.has(id));
  if (isSnapshotCursor(next)) {
    if (unconfirmed.length !== resync.unconfirmed.length) writeResync(db, { unconfirmed });
    return;
  }
  for (const orderId of unconfirmed) evict(orderId);
  writeResync(db, null);
}
