import { and, asc, eq, isNull } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { DomainError } from '../contract/errors';
import type { HandOverInput, HandOverRecord } from '../contract/handover';
import type { Db } from '../db/open';
import { orderEvents, orderLines, payments, warrantySlips } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation, type Tx } from '../sync/outbox';
import { depositSplit, unclaimedFreeLineIssues, unrepairedLineIssues } from './handover-rules';
import { checkVatRates, insertLines, lineRecords, totalsOf } from './lines';
import { addMonthsToDay, siteDay } from './site-day';
import {
  applyTransition,
  checkCustody,
  checkTransition,
  loadOrder,
  type OrderRow,
} from './transition';
import { slipRecord } from './warranty';
import { returnedUnrepaired } from './workflow';

type Input = z.output<typeof HandOverInput>;
type LineRow = typeof orderLines.$inferSelect;
type SlipRow = typeof warrantySlips.$inferSelect;

/**
 * Coverage per line from the hand-over day. A line redone under our warranty keeps the end
 * date of the line it repairs: a rework never extends or resets the original warranty.
 */
export function warrantyCoverage(
  lines: readonly LineRow[],
  startsOn: string,
  claim: OrderRow['warrantyClaim'],
): SlipRow['coverage'] {
  return lines.flatMap((line) => {
    if (line.coveredByWarranty && claim)
      return [
        {
          lineId: line.id,
          description: line.description,
          months: line.warrantyMonths,
          endsOn: claim.endsOn,
        },
      ];
    if (line.warrantyMonths === 0) return [];
    return [
      {
        lineId: line.id,
        description: line.description,
        months: line.warrantyMonths,
        endsOn: addMonthsToDay(startsOn, line.warrantyMonths),
      },
    ];
  });
}

function checkClaimedLines(order: OrderRow, input: Input): void {
  const issues = unclaimedFreeLineIssues(
    input.lines.map((line) => ({ free: line.underWarrantyClaim })),
    !!order.warrantyClaim,
    'underWarrantyClaim',
  );
  if (issues.length) throw new DomainError('validation', undefined, issues);
}

/** Whether the device comes back without its repair done (withdrawn, declined, unrepairable). */
function isUnrepaired(tx: Tx, orderId: string): boolean {
  const moves = tx
    .select({ fromStatus: orderEvents.fromStatus, toStatus: orderEvents.toStatus })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.kind, 'status')))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
    .all();
  return returnedUnrepaired(moves);
}

/** No warranty on work not done (`unrepairedLineIssues`, which the server applies too). */
function checkUnrepairedLines(input: Input): void {
  const issues = unrepairedLineIssues(input.lines);
  if (issues.length) throw new DomainError('validation', undefined, issues);
}

/** Gives the device back: lines, payments, slip and the closing transition in one transaction. */
export function handOver(ctx: HandlerContext, input: Input): HandOverRecord {
  checkVatRates(ctx, input.lines);
  ctx.db.transaction(
    (tx) => {
      const order = loadOrder(tx, input.orderId);
      checkTransition(order, 'handed_over', input.expectedStatus);
      checkCustody(tx, ctx, order, 'handed_over');
      checkClaimedLines(order, input);
      const unrepaired = isUnrepaired(tx, order.id);
      if (unrepaired) checkUnrepairedLines(input);
      const lines = insertLines(
        tx,
        ctx,
        order.id,
        null,
        input.lines.map(({ underWarrantyClaim, ...line }) => ({
          ...line,
          coveredByWarranty: underWarrantyClaim,
        })),
      );
      const totals = totalsOf(lines);
      const { depositApplied, amountDue } = depositSplit(totals.gross, order.deposit);
      const paid = input.payments.reduce((sum, p) => sum + p.amount, 0);
      if (paid !== amountDue)
        throw new DomainError('payments_mismatch', {
          due: amountDue,
          paid,
          currency: order.currency,
        });

      const now = ctx.now();
      const paymentRows = [
        ...(depositApplied > 0 ? [{ method: 'deposit' as const, amount: depositApplied }] : []),
        ...input.payments,
      ].map((p) => ({
        ...p,
        id: uuidv7(),
        originSiteId: ctx.site.id,
        createdAt: now,
        orderId: order.id,
        currency: order.currency,
        userId: ctx.actor.userId,
      }));
      if (paymentRows.length) tx.insert(payments).values(paymentRows).run();

      const startsOn = siteDay(now, ctx.site.timezone);
      const coverage = unrepaired ? [] : warrantyCoverage(lines, startsOn, order.warrantyClaim);
      const slip = coverage.length
        ? {
            id: uuidv7(),
            originSiteId: ctx.site.id,
            createdAt: now,
            orderId: order.id,
            deviceId: order.deviceId,
            startsOn,
            endsOn: coverage.map((c) => c.endsOn).reduce((a, b) => (a > b ? a : b)),
            coverage,
            termsVersion: input.termsVersion,
          }
        : null;
      if (slip) tx.insert(warrantySlips).values(slip).run();

      const change = applyTransition(tx, ctx, order, 'handed_over', {
        reason: input.note,
        data: { gross: totals.gross, depositApplied, paid, slipId: slip?.id ?? null },
      });
      recordMutation(tx, ctx, 'order.handover', { lines, payments: paymentRows, slip, ...change });
    },
    { behavior: 'immediate' },
  );
  return readHandOver(ctx.db, input.orderId);
}

export function readHandOver(db: Db | Tx, orderId: string): HandOverRecord {
  const order = loadOrder(db as Tx, orderId);
  if (order.status !== 'handed_over')
    throw new DomainError('wrong_status', { status: order.status, expected: 'handed_over' });
  const lines = db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.orderId, orderId), isNull(orderLines.estimateId)))
    .orderBy(asc(orderLines.createdAt), asc(orderLines.id))
    .all();
  const paymentRows = db
    .select({ id: payments.id, method: payments.method, amount: payments.amount })
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .all();
  const slip = db.select().from(warrantySlips).where(eq(warrantySlips.orderId, orderId)).get();
  const { lines: lineList, totals } = lineRecords(lines);
  const depositApplied = paymentRows
    .filter((p) => p.method === 'deposit')
    .reduce((sum, p) => sum + p.amount, 0);
  return {
    orderId,
    number: order.number,
    status: order.status,
    closedAt: order.closedAt,
    currency: order.currency,
    lines: lineList,
    totals,
    depositApplied,
    depositRefund: order.deposit - depositApplied,
    amountDue: totals.gross - depositApplied,
    payments: paymentRows,
    slip: slip ? slipRecord(slip, order.number) : null,
  };
}
