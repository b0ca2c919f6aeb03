import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../contract/errors';
import { orderEvents, repairOrders, sites, type OrderEventKind } from '../db/schema';
import type { Db } from '../db/open';
import type { HandlerContext } from '../runtime/context';
import type { Tx } from '../sync/outbox';
import { mayTakeStep } from './custody';
import { canTransition, isClosed, type OrderStatus } from './workflow';

export type OrderRow = typeof repairOrders.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferInsert;

export function loadOrder(tx: Tx | Db, orderId: string): OrderRow {
  const order = tx.select().from(repairOrders).where(eq(repairOrders.id, orderId)).get();
  if (!order) throw new DomainError('not_found', { entity: 'order' });
  return order;
}

/** A closed order (handed over, cancelled) is history: nothing changes it any more. */
export function assertOpen(order: OrderRow): void {
  if (isClosed(order.status)) throw new DomainError('order_closed', { status: order.status });
}

/** Appends one event to an order's history. */
export function appendEvent(
  tx: Tx,
  ctx: HandlerContext,
  orderId: string,
  kind: OrderEventKind,
  details: Partial<Pick<OrderEventRow, 'fromStatus' | 'toStatus' | 'reason' | 'data'>> = {},
): OrderEventRow {
  const now = ctx.now();
  const event: OrderEventRow = {
    id: uuidv7(),
    originSiteId: ctx.site.id,
    createdAt: now,
    orderId,
    kind,
    userId: ctx.actor.userId,
    siteId: ctx.site.id,
    clientAt: now,
    ...details,
  };
  tx.insert(orderEvents).values(event).run();
  return event;
}

export interface TransitionOptions {
  expectedStatus?: OrderStatus | undefined;
  reason?: string | null | undefined;
  /** Other order columns the transition sets (custody, workshop). */
  set?: Partial<Pick<OrderRow, 'custodySiteId' | 'workshopSiteId'>>;
  data?: Record<string, unknown>;
}

/**
 * The one path by which an order's status changes: checked against the workflow table and the
 * status the person saw, written with its event. Returns what changed, for the outbox entry.
 */
export function checkTransition(
  order: OrderRow,
  to: OrderStatus,
  expectedStatus?: OrderStatus,
): void {
  assertOpen(order);
  if (expectedStatus !== undefined && expectedStatus !== order.status)
    throw new DomainError('conflict', { expected: expectedStatus, actual: order.status });
  if (!canTransition(order.status, to))
    throw new DomainError('illegal_transition', { from: order.status, to });
}

/**
 * A step that moves the device is this desk's only when its site holds the device, or receives
 * it with this step (`mayMoveDevice`); work on the device only when it holds it, the customer's
 * answer also at the intake desk (`mayWorkOn`): the error names the site that holds it.
 */
export function checkCustody(
  tx: Tx | Db,
  ctx: HandlerContext,
  order: OrderRow,
  to: OrderStatus,
): void {
  if (mayTakeStep(ctx.site.id, order, to)) return;
  const holder = tx
    .select({ code: sites.code, name: sites.name })
    .from(sites)
    .where(eq(sites.id, order.custodySiteId))
    .get();
  throw new DomainError('not_custodian', {
    holder: holder ? `${holder.code} — ${holder.name}` : order.custodySiteId,
  });
}

export function applyTransition(
  tx: Tx,
  ctx: HandlerContext,
  order: OrderRow,
  to: OrderStatus,
  options: TransitionOptions = {},
) {
  checkTransition(order, to, options.expectedStatus);
  checkCustody(tx, ctx, order, to);
  const now = ctx.now();
  const changes = {
    status: to,
    updatedAt: now,
    ...options.set,
    ...(isClosed(to) ? { closedAt: now } : {}),
  };
  tx.update(repairOrders).set(changes).where(eq(repairOrders.id, order.id)).run();
  const event = appendEvent(tx, ctx, order.id, 'status', {
    fromStatus: order.status,
    toStatus: to,
    reason: options.reason ?? null,
    ...(options.data ? { data: options.data } : {}),
  });
  return { orderId: order.id, changes, event };
}
