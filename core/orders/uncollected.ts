import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays } from 'date-fns';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { UncollectedOrder } from '../contract/workflow';
import { customers, devices, orderEvents, repairOrders } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { readCounterSettings } from './counter-settings';

type Uncollected = z.infer<typeof UncollectedOrder>;
type Channel = Uncollected['reminders'][number]['channel'];

/** Calendar days between two instants as the site's wall calendar counts them. */
export function daysBetween(from: number, to: number, timezone: string): number {
  return differenceInCalendarDays(new TZDate(to, timezone), new TZDate(from, timezone));
}

/** Storage is free for the first days, then charged per day. */
export function storageFee(daysWaiting: number, freeDays: number, feePerDay: number): number {
  return Math.max(0, daysWaiting - freeDays) * feePerDay;
}

export function listUncollected(ctx: HandlerContext): Uncollected[] {
  const { uncollectedAfterDays, storageFreeDays, storageFeePerDay } = readCounterSettings(
    ctx.db,
    ctx.site.id,
  );
  const readySince = sql<number>`(SELECT max(e.created_at) FROM ${orderEvents} e
      WHERE e.order_id = ${repairOrders.id} AND e.to_status = 'ready_for_pickup')`;
  const ready = ctx.db
    .select({
      id: repairOrders.id,
      number: repairOrders.number,
      customerName: customers.name,
      customerPhone: customers.phone,
      deviceBrand: devices.brand,
      deviceModel: devices.model,
      currency: repairOrders.currency,
      readySince,
    })
    .from(repairOrders)
    .innerJoin(customers, eq(customers.id, repairOrders.customerId))
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .where(
      and(eq(repairOrders.status, 'ready_for_pickup'), eq(repairOrders.custodySiteId, ctx.site.id)),
    )
    .all();
  const now = ctx.now();
  const waiting = ready
    .map((o) => ({ ...o, daysWaiting: daysBetween(o.readySince, now, ctx.site.timezone) }))
    .filter((o) => o.daysWaiting >= uncollectedAfterDays)
    .sort((a, b) => b.daysWaiting - a.daysWaiting);
  if (waiting.length === 0) return [];

  const reminderRows = ctx.db
    .select({ orderId: orderEvents.orderId, data: orderEvents.data, at: orderEvents.createdAt })
    .from(orderEvents)
    .where(
      and(
        eq(orderEvents.kind, 'reminder'),
        inArray(
          orderEvents.orderId,
          waiting.map((o) => o.id),
        ),
      ),
    )
    .orderBy(orderEvents.createdAt)
    .all();
  return waiting.map((o) => ({
    ...o,
    reminders: reminderRows
      .filter((r) => r.orderId === o.id && r.at >= o.readySince)
      .map((r) => ({ channel: r.data?.channel as Channel, at: r.at })),
    storageFee: storageFee(o.daysWaiting, storageFreeDays, storageFeePerDay),
  }));
}
