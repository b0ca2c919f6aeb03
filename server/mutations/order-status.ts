import { OrderStatusArgs } from '../../core/contract/mutations';
import { lockOrderInScope, moveFromChange, moveOrder } from './order-move';
import { defineApplier } from './types';

/** `order.status`: changeStatus and sendToWorkshop on a desk. */
export const orderStatus = defineApplier({
  args: OrderStatusArgs,
  async apply(ctx, args) {
    const order = await lockOrderInScope(ctx, args.orderId);
    await moveOrder(ctx, order, moveFromChange(args));
  },
});
