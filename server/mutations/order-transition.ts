import { OrderTransitionArgs } from '../../core/contract/replication';
import { canTransition, type OrderStatus } from '../../core/orders/workflow';
import { addRecordSites, logChange, readRecord, textArray, writeRecord } from '../records';
import { defineApplier, orderSites, Rejection, type ApplyContext } from './types';

interface StoredOrder {
  id: string;
  status: OrderStatus;
  intakeSiteId: string;
  custodySiteId: string;
  customerId: string;
  deviceId: string;
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

export const orderTransition = defineApplier({
  args: OrderTransitionArgs,
  async apply(ctx, args) {
    const found = await readRecord(ctx.tx, 'repair_orders', args.orderId, { lock: true });
    if (!found)
      throw new Rejection('unknown_reference', { table: 'repair_orders', id: args.orderId });
    const order = found.data as unknown as StoredOrder;
    const site = ctx.desk.siteId;
    if (ctx.desk.siteKind !== 'head_office' && order.custodySiteId !== site)
      throw new Rejection('out_of_scope', { table: 'repair_orders', id: args.orderId });
    if (order.status !== args.fromStatus)
      throw new Rejection('stale_transition', { current: order.status, from: args.fromStatus });
    if (!canTransition(args.fromStatus, args.toStatus))
      throw new Rejection('illegal_transition', { from: args.fromStatus, to: args.toStatus });
    const { event } = args;
    if (
      event.orderId !== order.id ||
      event.originSiteId !== site ||
      event.siteId !== site ||
      event.toStatus !== args.toStatus ||
      (await readRecord(ctx.tx, 'order_events', event.id))
    )
      throw new Rejection('validation', { field: 'event' });
    if (args.custodySiteId) {
      const known = await ctx.tx.query('SELECT 1 FROM site_registry WHERE id = $1', [
        args.custodySiteId,
      ]);
      if (!known.length)
        throw new Rejection('unknown_reference', { table: 'sites', id: args.custodySiteId });
    }

    const custodySiteId = args.custodySiteId ?? order.custodySiteId;
    const before = orderSites(order);
    const after = orderSites({ intakeSiteId: order.intakeSiteId, custodySiteId });
    const entering = after.filter((s) => !before.includes(s));
    const leaving = before.filter((s) => !after.includes(s));
    const children = entering.length ? await carryOrderTo(ctx, order, entering) : [];
    if (entering.length || leaving.length)
      await ctx.tx.query(`UPDATE records SET sites = $2::text::text[] WHERE order_id = $1`, [
        order.id,
        textArray(after),
      ]);

    const patch: Record<string, unknown> = {
      status: args.toStatus,
      custodySiteId,
      updatedAt: args.updatedAt,
      ...(args.workshopSiteId !== undefined ? { workshopSiteId: args.workshopSiteId } : {}),
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
  },
});
