import { OrderEstimateArgs } from '../../core/contract/mutations';
import { readRecord, writeRecord } from '../records';
import { checkOwnRow, lockOrderInScope, moveFromChange, moveOrder } from './order-move';
import { checkLineRates, grossOf } from './order-lines';
import { defineApplier, Rejection } from './types';

/** `order.estimate`: a new estimate with its lines; the order waits for the customer. */
export const orderEstimate = defineApplier({
  args: OrderEstimateArgs,
  async apply(ctx, args) {
    const order = await lockOrderInScope(ctx, args.orderId);
    const { estimate, lines } = args;
    checkOwnRow(ctx, estimate, order.id, 'estimate');
    if (estimate.state !== 'pending')
      throw new Rejection('validation', { field: 'estimate.state' });
    for (const line of lines) {
      checkOwnRow(ctx, line, order.id, 'lines');
      if (line.estimateId !== estimate.id)
        throw new Rejection('validation', { field: 'lines.estimateId' });
    }
    for (const [tbl, id] of [
      ['estimates', estimate.id],
      ...lines.map((l) => ['order_lines', l.id]),
    ])
      if (await readRecord(ctx.tx, tbl!, id!))
        throw new Rejection('conflict', { table: tbl!, id: id! });

    const sites = await moveOrder(ctx, order, moveFromChange(args));
    // The desk's rules for the price, after the move's checks (a refusal drops the move too).
    await checkLineRates(ctx, lines);
    if (grossOf(lines) !== estimate.total)
      throw new Rejection('validation', { field: 'estimate.total', issue: 'total_mismatch' });
    for (const [tbl, row] of [
      ['estimates', estimate] as const,
      ...lines.map((line) => ['order_lines', line] as const),
    ])
      await writeRecord(ctx.tx, {
        tbl,
        id: row.id,
        data: row,
        sites,
        orderId: order.id,
        now: ctx.now,
      });
  },
});
