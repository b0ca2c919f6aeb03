import { OrderApprovalArgs } from '../../core/contract/mutations';
import { readRecord, writeRecord } from '../records';
import { lockOrderInScope, moveFromChange, moveOrder } from './order-move';
import { defineApplier, Rejection } from './types';

/** `order.approval`: the customer's answer; only a pending estimate of this order takes one. */
export const orderApproval = defineApplier({
  args: OrderApprovalArgs,
  async apply(ctx, args) {
    const order = await lockOrderInScope(ctx, args.orderId);
    const found = await readRecord(ctx.tx, 'estimates', args.estimateId, { lock: true });
    if (!found)
      throw new Rejection('unknown_reference', { table: 'estimates', id: args.estimateId });
    if (found.data.orderId !== order.id) throw new Rejection('validation', { field: 'estimateId' });
    if (found.data.state !== 'pending')
      throw new Rejection('conflict', { table: 'estimates', id: args.estimateId });
    if (args.answer.state !== args.changes.status)
      throw new Rejection('validation', { field: 'answer.state' });

    const sites = await moveOrder(ctx, order, moveFromChange(args));
    await writeRecord(ctx.tx, {
      tbl: 'estimates',
      id: args.estimateId,
      data: args.answer,
      sites,
      orderId: order.id,
      now: ctx.now,
    });
  },
});
