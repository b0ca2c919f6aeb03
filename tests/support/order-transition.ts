import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { orderEvents, repairOrders } from '../../core/db/schema';
import type { OrderStatus } from '../../core/orders/workflow';
import type { Desk } from '../../core/runtime/desk';
import { recordMutation } from '../../core/sync/outbox';

/**
 * A status change as the workshop helper's handler will make it: the order row, an event and
 * the `order.transition` outbox entry in one transaction.
 */
export function transitionOrder(
  desk: Desk,
  orderId: string,
  to: OrderStatus,
  custodySiteId?: string,
  now = Date.now(),
): void {
  desk.db.transaction((tx) => {
    const order = tx.select().from(repairOrders).where(eq(repairOrders.id, orderId)).get()!;
    tx.update(repairOrders)
      .set({ status: to, updatedAt: now, ...(custodySiteId ? { custodySiteId } : {}) })
      .where(eq(repairOrders.id, orderId))
      .run();
    const event = {
      id: uuidv7(),
      originSiteId: desk.site.id,
      createdAt: now,
      orderId,
      kind: 'status' as const,
      fromStatus: order.status,
      toStatus: to,
      userId: desk.defaultActor.userId,
      siteId: desk.site.id,
      clientAt: now,
    };
    tx.insert(orderEvents).values(event).run();
    recordMutation(
      tx,
      { actor: desk.defaultActor, site: desk.site, now: () => now },
      'order.transition',
      {
        orderId,
        fromStatus: order.status,
        toStatus: to,
        updatedAt: now,
        event,
        ...(custodySiteId ? { custodySiteId } : {}),
      },
    );
  });
}
