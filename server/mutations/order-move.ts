import type { z } from 'zod';
import type { OrderEventRow } from '../../core/contract/replication';
import { arrivesWhereSent, custodyAfter, mayTakeStep } from '../../core/orders/custody';
import {
  canTransition,
  isWithdrawal,
  stepMutation,
  type OrderStatus,
} from '../../core/orders/workflow';
import {
  addRecordSites,
  canonicalJson,
  logChange,
  readRecord,
  textArray,
  writeRecord,
} from '../records';
import { orderSites, Rejection, type ApplyContext } from './types';

export interface StoredOrder {
  id: string;
  status: OrderStatus;
  intakeSiteId: string;
  custodySiteId: string;
  workshopSiteId?: string | null;
  customerId: string;
  deviceId: string;
}

/**
 * The order a desk writes to, locked for the rest of the mutation. A desk writes the orders of
 * its scope: those it took in, those in its custody, and one sent to it as the workshop; the
 * head office any order. Concurrent writers are kept apart by the workflow table's `fromStatus`.
 */
export async function lockOrderInScope(ctx: ApplyContext, orderId: string): Promise<StoredOrder> {
  const found = await readRecord(ctx.tx, 'repair_orders', orderId, { lock: true });
  if (!found) throw new Rejection('unknown_reference', { table: 'repair_orders', id: orderId });
  const order = found.data as unknown as StoredOrder;
  const site = ctx.desk.siteId;
  const inScope = orderSites(order).includes(site) || order.workshopSiteId === site;
  if (ctx.desk.siteKind !== 'head_office' && !inScope)
    throw new Rejection('out_of_scope', { table: 'repair_orders', id: orderId });
  return order;
}

/** A row born on this desk for this order: its origin and site are the desk's own. */
export function checkOwnRow(
  ctx: ApplyContext,
  row: { originSiteId: string; orderId?: string | null; siteId?: string },
  orderId: string | null,
  field: string,
): void {
  const site = ctx.desk.siteId;
  if (row.originSiteId !== site || (row.siteId !== undefined && row.siteId !== site))
    throw new Rejection('out_of_scope', { field });
  if (orderId !== null && row.orderId !== orderId) throw new Rejection('validation', { field });
}

/**
 * Append-only rows (events, payments, slips, attachments, audit) are inserted once by id: a
 * second copy of the same row changes nothing, and a different row under a taken id is refused.
 */
export async function insertIfAbsent(
  ctx: ApplyContext,
  row: {
    tbl: string;
    data: { id: string } & Record<string, unknown>;
    sites: string[] | null;
    orderId?: string;
  },
): Promise<void> {
  const existing = await readRecord(ctx.tx, row.tbl, row.data.id);
  if (existing) {
    if (canonicalJson(existing.data) === canonicalJson({ ...existing.data, ...row.data })) return;
    throw new Rejection('conflict', { table: row.tbl, id: row.data.id });
  }
  await writeRecord(ctx.tx, {
    tbl: row.tbl,
    id: row.data.id,
    data: row.data,
    sites: row.sites,
    ...(row.orderId ? { orderId: row.orderId } : {}),
    now: ctx.now,
  });
}

/**
 * Brings a site that just received custody up to date: the customer and the device arrive
 * before the order, the whole history after it. Returns that history.
 */
async function carryOrderTo(ctx: ApplyContext, order: StoredOrder, entering: string[]) {
  for (const [tbl, id] of [
    ['customers', order.customerId],
    ['devices', order.deviceId],
  ] as const) {
    await addRecordSites(ctx.tx, tbl, id, entering);
    await logChange(ctx.tx, tbl, id, 'upsert', entering);
  }
  return ctx.tx.query<{ tbl: string; id: string }>(
    `SELECT tbl, id FROM records WHERE order_id = $1 AND tbl <> 'repair_orders' ORDER BY tbl, id`,
    [order.id],
  );
}

/**
 * Only the site holding the device moves it (or the site it arrives at records the arrival) or
 * works on it (the customer's answer also at the intake desk), the head office included; a move
 * hands custody only where the workflow says, and an arrival is at the workshop it was sent to. Checked after the
 * stale check: a desk's change whose `fromStatus` still holds found the device where the server
 * has it (custody changes only with the status, and no status is reached twice with another
 * holder), so a legitimate offline change is never refused here, only reported as stale.
 * Refused as `out_of_scope` with a reason, which desks of the previous version read too.
 */
async function checkCustody(ctx: ApplyContext, order: StoredOrder, move: OrderMove) {
  const site = ctx.desk.siteId;
  if (!mayTakeStep(site, order, move.toStatus)) {
    const [holder] = await ctx.tx.query<{ code: string }>(
      'SELECT code FROM site_registry WHERE id = $1',
      [order.custodySiteId],
    );
    throw new Rejection('out_of_scope', {
      table: 'repair_orders',
      id: order.id,
      reason: 'not_custodian',
      holder: holder?.code ?? order.custodySiteId,
    });
  }
  if (!arrivesWhereSent(order, move.toStatus, move.workshopSiteId))
    throw new Rejection('validation', { field: 'workshopSiteId' });
  const custody = custodyAfter(order, move.toStatus, move.workshopSiteId);
  if (move.custodySiteId !== undefined && move.custodySiteId !== custody)
    throw new Rejection('validation', { field: 'custodySiteId' });
}

export interface OrderMove {
  fromStatus: OrderStatus | null | undefined;
  toStatus: OrderStatus;
  custodySiteId?: string | undefined;
  workshopSiteId?: string | null | undefined;
  closedAt?: number | undefined;
  updatedAt: number;
  event: z.output<typeof OrderEventRow>;
}

/**
 * The one way a pushed status change lands on the server: checked against the workflow table
 * and the status the desk saw (a stale `fromStatus` is refused, never overwritten); custody
 * moves carry the order into the entering site's scope and evict it from the leaving one.
 * Returns the sites that hold the order afterwards, for the rows the mutation adds.
 */
export async function moveOrder(
  ctx: ApplyContext,
  order: StoredOrder,
  move: OrderMove,
): Promise<string[]> {
  if (!move.fromStatus || order.status !== move.fromStatus)
    throw new Rejection('stale_transition', { current: order.status, from: move.fromStatus ?? '' });
  // A desk of the previous version may still cancel an order whose device has left the
  // counter: refused, with a reason that says to record the customer's withdrawal as a return.
  if (!canTransition(move.fromStatus, move.toStatus))
    throw new Rejection('illegal_transition', {
      from: move.fromStatus,
      to: move.toStatus,
      ...(move.toStatus === 'cancelled' ? { reason: 'cancel_away' } : {}),
    });
  // A step with its own mutation (an estimate, the customer's answer, a hand-over) arrives only as
  // that mutation, checked by that mutation's rules: a bare status change to it is refused.
  const name = ctx.mutation.name === 'order.transition' ? 'order.status' : ctx.mutation.name;
  if (stepMutation(move.toStatus) !== name)
    throw new Rejection('validation', { field: 'changes.status', issue: 'needs_own_change' });
  const { event } = move;
  checkOwnRow(ctx, event, order.id, 'event');
  if (event.toStatus !== move.toStatus || event.fromStatus !== move.fromStatus)
    throw new Rejection('validation', { field: 'event' });
  if (isWithdrawal(move.fromStatus, move.toStatus) && !event.reason?.trim())
    throw new Rejection('validation', { field: 'reason' });
  if (await readRecord(ctx.tx, 'order_events', event.id))
    throw new Rejection('conflict', { table: 'order_events', id: event.id });
  await checkCustody(ctx, order, move);
  for (const siteId of [move.custodySiteId, move.workshopSiteId]) {
    if (!siteId) continue;
    const known = await ctx.tx.query('SELECT 1 FROM site_registry WHERE id = $1', [siteId]);
    if (!known.length) throw new Rejection('unknown_reference', { table: 'sites', id: siteId });
  }

  const custodySiteId = move.custodySiteId ?? order.custodySiteId;
  const before = orderSites(order);
  const after = orderSites({
    intakeSiteId: order.intakeSiteId,
    custodySiteId,
    status: move.toStatus,
    workshopSiteId: move.workshopSiteId !== undefined ? move.workshopSiteId : order.workshopSiteId,
  });
  const entering = after.filter((s) => !before.includes(s));
  const leaving = before.filter((s) => !after.includes(s));
  const children = entering.length ? await carryOrderTo(ctx, order, entering) : [];
  if (entering.length || leaving.length)
    await ctx.tx.query(`UPDATE records SET sites = $2::text::text[] WHERE order_id = $1`, [
      order.id,
      textArray(after),
    ]);

  const patch: Record<string, unknown> = {
    status: move.toStatus,
    custodySiteId,
    updatedAt: move.updatedAt,
    ...(move.workshopSiteId !== undefined ? { workshopSiteId: move.workshopSiteId } : {}),
    ...(move.closedAt !== undefined ? { closedAt: move.closedAt } : {}),
  };
  await writeRecord(ctx.tx, {
    tbl: 'repair_orders',
    id: order.id,
    data: patch,
    sites: after,
    orderId: order.id,
    now: ctx.now,
  });
  for (const child of children) await logChange(ctx.tx, child.tbl, child.id, 'upsert', entering);
  await writeRecord(ctx.tx, {
    tbl: 'order_events',
    id: event.id,
    data: event,
    sites: after,
    orderId: order.id,
    now: ctx.now,
  });
  if (leaving.length) await logChange(ctx.tx, 'repair_orders', order.id, 'evict', leaving);
  return after;
}

/** The move described by a desk's `applyTransition` result (`{orderId, changes, event}`). */
export function moveFromChange(change: {
  changes: {
    status: OrderStatus;
    updatedAt: number;
    custodySiteId?: string | undefined;
    workshopSiteId?: string | null | undefined;
    closedAt?: number | undefined;
  };
  event: z.output<typeof OrderEventRow>;
}): OrderMove {
  const { changes, event } = change;
  return {
    fromStatus: event.fromStatus,
    toStatus: changes.status,
    custodySiteId: changes.custodySiteId,
    workshopSiteId: changes.workshopSiteId,
    closedAt: changes.closedAt,
    updatedAt: changes.updatedAt,
    event,
  };
}
