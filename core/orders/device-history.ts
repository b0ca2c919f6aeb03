import { and, desc, eq, or, sql, type SQLWrapper } from 'drizzle-orm';
import type { z } from 'zod';
import type { DeviceHistory, deviceMethods } from '../contract/devices';
import { devices, repairOrders } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { siteDay } from './site-day';
import { validSlipsForDevice } from './warranty';

type HistoryInput = z.output<(typeof deviceMethods)['getDeviceHistory']['input']>;
type SuggestInput = z.output<(typeof deviceMethods)['suggestDevices']['input']>;

/** A device's past at a glance: its orders and the warranty still running on it. */
export function getDeviceHistory(
  ctx: HandlerContext,
  input: HistoryInput,
): z.infer<typeof DeviceHistory> {
  const code = 'serialOrImei' in input ? input.serialOrImei.replace(/\s/g, '') : '';
  const found = ctx.db
    .select()
    .from(devices)
    .where(
      'deviceId' in input
        ? eq(devices.id, input.deviceId)
        : or(
            eq(devices.imei, code),
            eq(devices.serial, code),
            eq(devices.serial, code.toUpperCase()),
          ),
    )
    .orderBy(desc(devices.createdAt))
    .limit(20)
    .all();
  const today = siteDay(ctx.now(), ctx.site.timezone);
  return found.map((device) => ({
    id: device.id,
    customerId: device.customerId,
    category: device.category,
    brand: device.brand,
    model: device.model,
    serial: device.serial,
    imei: device.imei,
    orders: ctx.db
      .select({
        id: repairOrders.id,
        number: repairOrders.number,
        status: repairOrders.status,
        createdAt: repairOrders.createdAt,
        closedAt: repairOrders.closedAt,
        complaint: repairOrders.complaint,
      })
      .from(repairOrders)
      .where(eq(repairOrders.deviceId, device.id))
      .orderBy(desc(repairOrders.createdAt))
      .all(),
    validSlips: validSlipsForDevice(ctx.db, device.id, today),
  }));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const startsWith = (column: SQLWrapper, prefix: string) =>
  sql`${column} LIKE ${`${escapeLike(prefix)}%`} ESCAPE '\\'`;

/** What earlier orders typed, so the same model is spelled the same way next time. */
export function suggestDevices(ctx: HandlerContext, input: SuggestInput) {
  const category = input.category ? eq(devices.category, input.category) : undefined;
  const brandPrefix = startsWith(devices.brand, input.brand);
  const uses = sql<number>`count(*)`;
  const brands = ctx.db
    .select({ brand: sql<string>`min(${devices.brand})`, uses })
    .from(repairOrders)
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .where(and(category, brandPrefix))
    .groupBy(sql`lower(${devices.brand})`)
    .orderBy(desc(uses))
    .limit(input.limit)
    .all();
  const models = ctx.db
    .select({
      brand: sql<string>`min(${devices.brand})`,
      model: sql<string>`min(${devices.model})`,
      uses,
    })
    .from(repairOrders)
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .where(and(category, brandPrefix, startsWith(devices.model, input.model)))
    .groupBy(sql`lower(${devices.brand})`, sql`lower(${devices.model})`)
    .orderBy(desc(uses))
    .limit(input.limit)
    .all();
  return { brands, models };
}
