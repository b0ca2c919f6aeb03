import { OrderStatusArgs } from '../../core/contract/mutations';
import { lockOrderInScope, moveFromChange, moveOrder } from './order-move';
import { appendMovements } from './stock';
import { defineApplier, Rejection } from './types';

/**
 * `order.status`: changeStatus and sendToWorkshop on a desk. The move to `repaired` may carry the
 * parts the repair used, taken from the pushing site's stock: accepted or refused with the move.
 */
export const orderStatus = defineApplier({
  args: OrderStatusArgs,
  async apply(ctx, args) {
    const order = await lockOrderInScope(ctx, args.orderId);
    const stock = args.stock ?? [];
    if (stock.length && args.changes.status !== 'repaired')
      throw new Rejection('validation', { field: 'stock' });
    for (const movement of stock)
      if (movement.kind !== 'consume' || movement.quantity >= 0 || movement.orderId !== order.id)
        throw new Rejection('validation', { field: 'stock' });
    await moveOrder(ctx, order, moveFromChange(args));
    await appendMovements(ctx, stock, 'stock');
  },
});
