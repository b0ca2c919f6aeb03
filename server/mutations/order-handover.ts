import { OrderHandoverArgs } from '../../core/contract/mutations';
import { readRecord, writeRecord } from '../records';
import {
  checkOwnRow,
  insertIfAbsent,
  lockOrderInScope,
  moveFromChange,
  moveOrder,
} from './order-move';
import { defineApplier, Rejection } from './types';

/** `order.handover`: final lines, the payments taken and the warranty slip, closing the order. */
export const orderHandover = defineApplier({
  args: OrderHandoverArgs,
  async apply(ctx, args) {
    const order = await lockOrderInScope(ctx, args.orderId);
    if (args.changes.status !== 'handed_over')
      throw new Rejection('validation', { field: 'changes.status' });
    for (const line of args.lines) {
      checkOwnRow(ctx, line, order.id, 'lines');
      if (await readRecord(ctx.tx, 'order_lines', line.id))
        throw new Rejection('conflict', { table: 'order_lines', id: line.id });
    }
    for (const payment of args.payments) checkOwnRow(ctx, payment, order.id, 'payments');
    if (args.slip) {
      checkOwnRow(ctx, args.slip, order.id, 'slip');
      if (args.slip.deviceId !== order.deviceId)
        throw new Rejection('validation', { field: 'slip' });
    }

    const sites = await moveOrder(ctx, order, moveFromChange(args));
    for (const line of args.lines)
      await writeRecord(ctx.tx, {
        tbl: 'order_lines',
        id: line.id,
        data: line,
        sites,
        orderId: order.id,
        now: ctx.now,
      });
    for (const payment of args.payments)
      await insertIfAbsent(ctx, { tbl: 'payments', data: payment, sites, orderId: order.id });
    if (args.slip)
      await insertIfAbsent(ctx, {
        tbl: 'warranty_slips',
        data: args.slip,
        sites,
        orderId: order.id,
      });
  },
});
