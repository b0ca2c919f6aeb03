import type { z } from 'zod';
import type { FieldIssue } from '../../core/contract/errors';
import { OrderHandoverArgs } from '../../core/contract/mutations';
import {
  handOverPaymentIssues,
  unclaimedFreeLineIssues,
  unrepairedLineIssues,
} from '../../core/orders/handover-rules';
import { returnedUnrepaired, type OrderStatus } from '../../core/orders/workflow';
import { readRecord, writeRecord } from '../records';
import {
  checkOwnRow,
  insertIfAbsent,
  lockOrderInScope,
  moveFromChange,
  moveOrder,
  type StoredOrder,
} from './order-move';
import { checkLineRates } from './order-lines';
import { defineApplier, Rejection, type ApplyContext } from './types';

/** The first issue of a pushed hand-over's rows, refused as `validation` as the desk refuses it. */
function refuseIssues(issues: FieldIssue[], reason?: string): void {
  const issue = issues[0];
  if (!issue) return;
  throw new Rejection('validation', {
    field: issue.path,
    issue: issue.code,
    ...(reason ? { reason } : {}),
  });
}

/**
 * Whether the order came back without its repair done, by the status moves the server accepted
 * (`returnedUnrepaired`, which the desk asks of its own copy). Read in the order the desk reads
 * them; an order's history holds at most one step back towards the counter, so clocks do not
 * change the answer.
 */
async function isUnrepaired(ctx: ApplyContext, orderId: string): Promise<boolean> {
  const moves = await ctx.tx.query<{
    fromStatus: OrderStatus | null;
    toStatus: OrderStatus | null;
  }>(
    `SELECT data->>'fromStatus' AS "fromStatus", data->>'toStatus' AS "toStatus"
       FROM records WHERE tbl = 'order_events' AND order_id = $1 AND data->>'kind' = 'status'
      ORDER BY (data->>'createdAt')::bigint, id`,
    [orderId],
  );
  return returnedUnrepaired(moves);
}

/**
 * The domain rules the desk's `handOver` applies, for a hand-over pushed by a desk that did not
 * (an older or altered build): no warranty on an unrepaired device, free lines only on a warranty
 * return, payments that add up to the lines in the order's currency. A refusal drops the
 * hand-over's move with the rest: it changes nothing.
 */
async function checkHandOverRules(
  ctx: ApplyContext,
  order: StoredOrder & {
    deposit?: number;
    currency?: string;
    warrantyParentOrderId?: string | null;
  },
  args: z.output<typeof OrderHandoverArgs>,
): Promise<void> {
  const lines = args.lines.map((line) => ({
    ...line,
    warrantyMonths: line.warrantyMonths ?? 0,
    coveredByWarranty: line.coveredByWarranty ?? false,
  }));
  refuseIssues(
    unclaimedFreeLineIssues(
      lines.map((line) => ({ free: line.coveredByWarranty })),
      !!order.warrantyParentOrderId,
      'coveredByWarranty',
    ),
  );
  // Asked only when the hand-over gives a warranty: the history is read from the database.
  if (
    (args.slip || lines.some((l) => l.warrantyMonths > 0)) &&
    (await isUnrepaired(ctx, order.id))
  ) {
    refuseIssues(unrepairedLineIssues(lines), 'no_repair_no_warranty');
    if (args.slip)
      throw new Rejection('validation', {
        field: 'slip',
        issue: 'no_repair_no_warranty',
        reason: 'no_repair_no_warranty',
      });
  }
  let issues: FieldIssue[];
  try {
    issues = handOverPaymentIssues(
      args.payments,
      { deposit: order.deposit ?? 0, currency: order.currency ?? '' },
      lines,
    );
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    issues = [{ path: 'lines', code: 'amount_out_of_range' }];
  }
  refuseIssues(issues);
}

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

    // The workflow, the status the desk saw and custody first: a hand-over overtaken by another
    // is told as stale. The rules after it see the history that status was reached by; a
    // refusal drops the move with the rest.
    const sites = await moveOrder(ctx, order, moveFromChange(args));
    await checkLineRates(ctx, args.lines);
    await checkHandOverRules(ctx, order, args);
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
