import { OrderIntakeArgs } from '../../core/contract/replication';
import { parseOrderNumber } from '../../core/orders/order-number';
import {
  addRecordSites,
  logChange,
  orderSeries,
  readRecord,
  takeSeriesNumber,
  writeRecord,
} from '../records';
import { canSee, defineApplier, orderSites, Rejection, type ApplyContext } from './types';

/** A referenced customer or device must exist and be visible to the desk. */
async function requireVisible(ctx: ApplyContext, tbl: string, id: string): Promise<void> {
  const found = await readRecord(ctx.tx, tbl, id, { lock: true });
  if (!found) throw new Rejection('unknown_reference', { table: tbl, id });
  if (!canSee(ctx.desk, found.sites)) throw new Rejection('out_of_scope', { table: tbl, id });
}

/**
 * Whether an order number's series is one of the desk's site: the desk's own, nearly always, or
 * the site's code or another of its counters' series. A desk enrolled again under another series
 * still sends the intakes it numbered before; two desks numbering in one series meet as
 * `duplicate_number`. Another site's series is never the desk's to use.
 */
async function siteHoldsSeries(ctx: ApplyContext, seriesCode: string): Promise<boolean> {
  if (seriesCode === ctx.desk.seriesCode || seriesCode === ctx.desk.siteCode) return true;
  const rows = await ctx.tx.query(
    'SELECT 1 FROM desks WHERE site_id = $1 AND series_code = $2 LIMIT 1',
    [ctx.desk.siteId, seriesCode],
  );
  return rows.length > 0;
}

export const orderIntake = defineApplier({
  args: OrderIntakeArgs,
  reads: ({ customer, device, order }) => [
    { tbl: 'repair_orders', id: order.id },
    { tbl: 'users', id: order.createdBy },
    { tbl: 'customers', id: order.customerId, lock: !customer },
    { tbl: 'devices', id: order.deviceId, lock: !device },
  ],
  async apply(ctx, { customer, device, order, event }) {
    const site = ctx.desk.siteId;
    const rows = [order, event, customer, device].filter((r) => r !== undefined);
    if (rows.some((r) => r.originSiteId !== site))
      throw new Rejection('out_of_scope', { field: 'originSiteId' });
    if (order.intakeSiteId !== site || order.custodySiteId !== site || event.siteId !== site)
      throw new Rejection('out_of_scope', { field: 'siteId' });
    if (order.status !== 'received' || event.orderId !== order.id || event.toStatus !== 'received')
      throw new Rejection('validation', { field: 'status' });
    if (customer && customer.id !== order.customerId)
      throw new Rejection('validation', { field: 'customerId' });
    if (device && (device.id !== order.deviceId || device.customerId !== order.customerId))
      throw new Rejection('validation', { field: 'deviceId' });

    const number = parseOrderNumber(order.number);
    if (!number || !(await siteHoldsSeries(ctx, number.seriesCode)))
      throw new Rejection('wrong_series', { number: order.number, seriesCode: ctx.desk.seriesCode });
    if (await readRecord(ctx.tx, 'repair_orders', order.id))
      throw new Rejection('conflict', { table: 'repair_orders', id: order.id });
    if (!(await readRecord(ctx.tx, 'users', order.createdBy)))
      throw new Rejection('unknown_reference', { table: 'users', id: order.createdBy });

    const sites = orderSites(order);
    for (const [tbl, row, id] of [
      ['customers', customer, order.customerId],
      ['devices', device, order.deviceId],
    ] as const) {
      if (row) {
        if (await readRecord(ctx.tx, tbl, id)) throw new Rejection('conflict', { table: tbl, id });
        await writeRecord(ctx.tx, { tbl, id, data: row, sites, now: ctx.now });
      } else {
        await requireVisible(ctx, tbl, id);
        await addRecordSites(ctx.tx, tbl, id, sites);
        await logChange(ctx.tx, tbl, id, 'upsert', sites);
      }
    }

    const taken = await takeSeriesNumber(ctx.tx, {
      siteId: site,
      series: orderSeries(number.seriesCode, number.year),
      n: number.n,
      recordId: order.id,
    });
    if (!taken) throw new Rejection('duplicate_number', { number: order.number });

    await writeRecord(ctx.tx, {
      tbl: 'repair_orders',
      id: order.id,
      data: order,
      sites,
      orderId: order.id,
      now: ctx.now,
    });
    await writeRecord(ctx.tx, {
      tbl: 'order_events',
      id: event.id,
      data: event,
      sites,
      orderId: order.id,
      now: ctx.now,
    });
  },
});
