import { count, desc, eq, ne } from 'drizzle-orm';
import type { SyncStatus } from '../contract/sync';
import type { Db } from '../db/open';
import { outbox, repairOrders, syncRejections } from '../db/schema';
import { readEnrolment, readHealth } from './sync-state';

const shownRejections = 50;

type Args = Record<string, { number?: unknown; orderId?: unknown } | unknown>;

/** The order a refused change was about, by the number a person can look up. */
function orderNumberOf(db: Db, args: Args): string | null {
  const order = args.order as { number?: unknown; id?: unknown } | undefined;
  if (typeof order?.number === 'string') return order.number;
  const child = [args.event, args.attachment, args.estimate].find(
    (row) => typeof (row as { orderId?: unknown } | undefined)?.orderId === 'string',
  ) as { orderId: string } | undefined;
  const orderId = typeof args.orderId === 'string' ? args.orderId : child?.orderId;
  if (!orderId) return null;
  return (
    db
      .select({ number: repairOrders.number })
      .from(repairOrders)
      .where(eq(repairOrders.id, orderId))
      .get()?.number ?? null
  );
}

export function readSyncStatus(db: Db): SyncStatus {
  const credentials = readEnrolment(db);
  const health = readHealth(db);
  // The changes people made: each also queues its `audit.append`, which is not one more change.
  const waiting = db
    .select({ n: count() })
    .from(outbox)
    .where(ne(outbox.name, 'audit.append'))
    .get()!.n;
  const rejected = db
    .select()
    .from(syncRejections)
    // Newest first; a desk enrolled again keeps its earlier refusals under seqs below zero.
    .orderBy(desc(syncRejections.rejectedAt), desc(syncRejections.seq))
    .limit(shownRejections)
    .all()
    .map((row) => ({
      mutationId: row.mutationId,
      name: row.name,
      code: row.code,
      params: row.params ?? null,
      clientAt: row.clientAt,
      rejectedAt: row.rejectedAt,
      orderNumber: orderNumberOf(db, row.args),
    }));
  return {
    enrolled: credentials !== null,
    serverUrl: credentials?.serverUrl ?? null,
    deskId: credentials?.deskId ?? null,
    online: health.online,
    lastAttemptAt: health.lastAttemptAt,
    lastSuccessAt: health.lastSuccessAt,
    lastError: health.lastError,
    waiting,
    updateRequired: health.updateRequired,
    remaining: health.remaining,
    rejected,
  };
}
