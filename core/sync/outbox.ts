import { mutationSchemaVersion, type PushMutation } from '../contract/replication';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/open';
import { outbox } from '../db/schema';
import type { MutationContext } from '../audit/trail';

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
  tx.insert(outbox)
    .values({
      mutationId,
      name,
      args,
      audit,
      schemaVersion: mutationSchemaVersion,
      clientAt: ctx.now(),
      userId: ctx.actor.userId,
    })
    .run();
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
