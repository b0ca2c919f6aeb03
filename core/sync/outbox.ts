import { mutationSchemaVersion, type PushMutation } from '../contract/replication';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared';
import { outbox, repairOrders } from '../db/schema';
import type { MutationContext } from '../audit/trail';
import { DomainError } from '../contract/errors';
import { enrolmentHeld } from './sync-state';

export { mutationSchemaVersion };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Queues a replicated write for the server. Call it inside the transaction that made the
 * change, so the change and its outbox entry commit together or not at all.
 */
export function recordMutation(
  tx: Tx,
  ctx: MutationContext,
  name: string,
  args: Record<string, unknown>,
): string {
  const mutationId = uuidv7();
  // The audit rows of this call commit with the change they describe, and travel with it.
  const audit = ctx.audit?.write(tx, ctx, {
    action: ctx.audit.method,
    entity: name,
    entityId: mutationId,
    after: args,
  });
  enqueueMutationWithId(tx, ctx, mutationId, name, args, audit?.length ? audit : null);
  return mutationId;
}

/** Queues a mutation without touching the audit trail (the trail's own entries use it). */
export function enqueueMutation(
  tx: Tx,
  ctx: MutationContext,
  name: string,
  args: Record<string, unknown>,
): string {
  const mutationId = uuidv7();
  enqueueMutationWithId(tx, ctx, mutationId, name, args);
  return mutationId;
}

function enqueueMutationWithId(
  tx: Tx,
  ctx: MutationContext,
  mutationId: string,
  name: string,
  args: Record<string, unknown>,
  audit: Record<string, unknown>[] | null = null,
): void {
  // Refused, with the change it came with, while the desk becomes another site (see
  // `holdForEnrolment`): a moment, and the person tries again under the new site.
  if (enrolmentHeld(tx)) throw new DomainError('desk_enrolling');
  tx.insert(outbox)
    .values({
      mutationId,
      name,
      args,
      audit,
      schemaVersion: mutationSchemaVersion,
      clientAt: ctx.now(),
      userId: ctx.actor.userId,
      orderNumber: orderNumberOf(tx, args),
    })
    .run();
}

type Args = Record<string, { number?: unknown; orderId?: unknown } | unknown>;

/** The order a refused change was about, by the number a person can look up. */
export function orderNumberOf(db: Db | Tx, args: Args): string | null {
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

/** An outbox entry as it is pushed. */
export function toPushMutation(entry: typeof outbox.$inferSelect): PushMutation {
  return {
    seq: entry.seq,
    mutationId: entry.mutationId,
    name: entry.name,
    args: entry.args,
    schemaVersion: entry.schemaVersion,
    clientAt: entry.clientAt,
    userId: entry.userId,
    ...(entry.audit ? { audit: entry.audit } : {}),
  };
}

export type { Tx };

/**
 * The last seq the head office has acknowledged: the outbox loses an entry only when the server
 * answers for it, in order, and is numbered from 1 under each desk id (see `requeueFromOne`). So
 * everything before the oldest entry still queued was answered, or, with the queue empty,
 * everything numbered so far (`sqlite_sequence` keeps the last seq given out).
 */
export function acknowledgedThrough(db: Db): number {
  const read = preparedOnce(db, 'outbox.acknowledgedThrough', (db) =>
    db.$client.prepare<[], { seq: number }>(
      `SELECT coalesce((SELECT min(seq) - 1 FROM outbox),
                       (SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) AS seq`,
    ),
  );
  return read.get()!.seq;
}
