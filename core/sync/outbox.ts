import { mutationSchemaVersion } from '../contract/replication';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/open';
import { outbox } from '../db/schema';
import type { HandlerContext } from '../runtime/context';

export { mutationSchemaVersion };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Queues a replicated write for the server. Call it inside the transaction that made the
 * change, so the change and its outbox entry commit together or not at all.
 */
export function recordMutation(
  tx: Tx,
  ctx: HandlerContext,
  name: string,
  args: Record<string, unknown>,
): string {
  const mutationId = uuidv7();
  tx.insert(outbox)
    .values({
      mutationId,
      name,
      args,
      schemaVersion: mutationSchemaVersion,
      clientAt: ctx.now(),
      userId: ctx.actor.userId,
    })
    .run();
  return mutationId;
}

export type { Tx };
