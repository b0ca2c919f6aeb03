import { OrderTransitionArgs } from '../../core/contract/replication';
import { lockOrderInScope, moveOrder } from './order-move';
import { defineApplier } from './types';

/** `order.transition`: the first wire shape of a status change, still read for older desks. */
export const orderTransition = defineApplier({
  args: OrderTransitionArgs,
  async apply(ctx, args) {
    const order = await lockOrderInScope(ctx, args.orderId);
    await moveOrder(ctx, order, {
      fromStatus: args.fromStatus,
      toStatus: args.toStatus,
      custodySiteId: args.custodySiteId,
      workshopSiteId: args.workshopSiteId,
      updatedAt: args.updatedAt,
      event: args.event,
    });
  },
});
