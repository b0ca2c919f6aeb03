import { and, count, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { DomainError } from '../contract/errors';
import type { SyncStatus } from '../contract/sync';
import type { Db } from '../db/open';
import { outbox, repairOrders, syncRejections, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
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
  const unhandled = db
    .select({ n: count() })
    .from(syncRejections)
    .where(isNull(syncRejections.handledAt))
    .get()!.n;
  const rejected = db
    .select({ row: syncRejections, handledBy: users.name })
    .from(syncRejections)
    .leftJoin(users, eq(users.id, syncRejections.handledBy))
    // Those still to deal with first, then newest first; a desk enrolled again keeps its
    // earlier refusals under seqs below zero.
    .orderBy(
      sql`${syncRejections.handledAt} IS NULL DESC`,
      desc(syncRejections.rejectedAt),
      desc(syncRejections.seq),
    )
    .limit(shownRejections)
    .all()
    .map(({ row, handledBy }) => ({
      mutationId: row.mutationId,
      name: row.name,
      code: row.code,
      params: row.params ?? null,
      clientAt: row.clientAt,
      rejectedAt: row.rejectedAt,
      orderNumber: orderNumberOf(db, row.args),
      handledAt: row.handledAt ?? null,
      handledBy: row.handledAt === null ? null : (handledBy ?? row.handledBy),
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
    unhandled,
    rejected,
  };
}

/**
 * Someone at the desk acted on a refusal's reason (called the head office, redid the step): the
 * refusal stays listed, with who and when, and no longer counts in the top bar. Local to this
 * desk, like the list; audited. Marking one already marked changes nothing and answers when it was.
 */
export function markRejectionHandled(ctx: HandlerContext, input: { mutationId: string }) {
  return ctx.db.transaction(
    (tx) => {
      const row = tx
        .select({ handledAt: syncRejections.handledAt })
        .from(syncRejections)
        .where(eq(syncRejections.mutationId, input.mutationId))
        .get();
      if (!row) throw new DomainError('not_found');
      if (row.handledAt !== null) return { handledAt: row.handledAt };
      const handledAt = ctx.now();
      tx.update(syncRejections)
        .set({ handledAt, handledBy: ctx.actor.userId })
        .where(
          and(eq(syncRejections.mutationId, input.mutationId), isNull(syncRejections.handledAt)),
        )
        .run();
      ctx.audit?.flush(tx, ctx, {
        entity: 'sync_rejection',
        entityId: input.mutationId,
        before: { handledAt: null },
        after: { handledAt },
      });
      return { handledAt };
    },
    { behavior: 'immediate' },
  );
}
