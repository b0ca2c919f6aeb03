import { desc, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { vatRatesOn } from '../accounting/vat-rates';
import { DomainError, fieldError } from '../contract/errors';
import type { Estimate, estimateMethods } from '../contract/estimates';
import type { Db } from '../db/open';
import { estimates, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation, type Tx } from '../sync/outbox';
import { checkVatRates, insertLines, lineRecords, linesByEstimate, totalsOf } from './lines';
import { siteDay } from './site-day';
import { applyTransition, checkTransition, loadOrder } from './transition';

type SaveInput = z.output<(typeof estimateMethods)['saveEstimate']['input']>;
type ApprovalInput = z.output<(typeof estimateMethods)['recordApproval']['input']>;
type Channel = NonNullable<Estimate['answeredVia']>;

/** A clock a few minutes ahead of ours is someone else's clock, not an answer from the future. */
const clockSkewAllowance = 5 * 60_000;

export function readEstimates(
  db: Db | Tx,
  where: { orderId: string } | { id: string },
): Estimate[] {
  const rows = db
    .select({ estimate: estimates, answeredByName: users.name })
    .from(estimates)
    .leftJoin(users, eq(users.id, estimates.answeredBy))
    .where('id' in where ? eq(estimates.id, where.id) : eq(estimates.orderId, where.orderId))
    .orderBy(desc(estimates.createdAt), desc(estimates.id))
    .all();
  const lines = linesByEstimate(
    db,
    rows.map((r) => r.estimate.id),
  );
  return rows.map(({ estimate: e, answeredByName }) => ({
    id: e.id,
    orderId: e.orderId,
    state: e.state,
    ...lineRecords(lines.get(e.id) ?? []),
    answeredVia: (e.answeredVia as Channel | null) ?? null,
    answeredAt: e.answeredAt,
    answeredBy: e.answeredBy,
    answeredByName,
    note: e.note,
    createdAt: e.createdAt,
  }));
}

/** Prices the repair and asks the customer: the order waits for the answer. */
export function saveEstimate(ctx: HandlerContext, input: SaveInput): Estimate {
  checkVatRates(ctx, input.lines);
  const totals = totalsOf(input.lines);
  const estimateId = ctx.db.transaction(
    (tx) => {
      const order = loadOrder(tx, input.orderId);
      checkTransition(order, 'awaiting_approval');
      const now = ctx.now();
      const estimate = {
        id: uuidv7(),
        originSiteId: ctx.site.id,
        createdAt: now,
        updatedAt: now,
        orderId: order.id,
        state: 'pending' as const,
        total: totals.gross,
        note: input.note ?? null,
      };
      tx.insert(estimates).values(estimate).run();
      const lines = insertLines(tx, ctx, order.id, estimate.id, input.lines);
      const change = applyTransition(tx, ctx, order, 'awaiting_approval', {
        data: { estimateId: estimate.id, total: totals.gross },
      });
      recordMutation(tx, ctx, 'order.estimate', { estimate, lines, ...change });
      return estimate.id;
    },
    { behavior: 'immediate' },
  );
  return readEstimates(ctx.db, { id: estimateId })[0]!;
}

/** The customer's answer moves the order on: approved to repair, declined back to the desk. */
export function recordApproval(ctx: HandlerContext, input: ApprovalInput): Estimate {
  if (input.at > ctx.now() + clockSkewAllowance) throw fieldError('at', 'in_future');
  ctx.db.transaction(
    (tx) => {
      const estimate = tx.select().from(estimates).where(eq(estimates.id, input.estimateId)).get();
      if (!estimate) throw new DomainError('not_found', { entity: 'estimate' });
      if (estimate.state !== 'pending')
        throw new DomainError('estimate_already_answered', { state: estimate.state });
      if (input.at < estimate.createdAt - clockSkewAllowance)
        throw fieldError('at', 'before_estimate');
      const order = loadOrder(tx, estimate.orderId);
      const answer = {
        state: input.decision,
        answeredVia: input.via,
        answeredAt: input.at,
        answeredBy: ctx.actor.userId,
        note: input.note ?? null,
        updatedAt: ctx.now(),
      };
      const change = applyTransition(tx, ctx, order, input.decision, {
        expectedStatus: 'awaiting_approval',
        reason: input.note,
        data: { estimateId: estimate.id, via: input.via, answeredAt: input.at },
      });
      tx.update(estimates).set(answer).where(eq(estimates.id, estimate.id)).run();
      recordMutation(tx, ctx, 'order.approval', { estimateId: estimate.id, answer, ...change });
    },
    { behavior: 'immediate' },
  );
  return readEstimates(ctx.db, { id: input.estimateId })[0]!;
}

export function vatRatesToday(ctx: HandlerContext) {
  return vatRatesOn(ctx.site.country, siteDay(ctx.now(), ctx.site.timezone)).map((r) => ({
    code: r.code,
    rateBp: r.rateBp,
    from: r.from,
    until: r.until ?? null,
  }));
}
