import { desc, eq, or, sql } from 'drizzle-orm';
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

/** What earlier orders typed, so the same model is spelled the same way next time. */
export function suggestDevices(ctx: HandlerContext, input: SuggestInput) {
  const brand = input.brand.toLowerCase();
  const model = input.model.toLowerCase();
  const where = sql`substr(brand_key, 1, ${brand.length}) = ${brand}
    ${input.category ? sql`AND category = ${input.category}` : sql``}`;
  const brands = ctx.db.all<{ brand: string; uses: number }>(sql`
    SELECT min(brand) AS brand, sum(uses) AS uses FROM device_model_usage
    WHERE ${where} GROUP BY brand_key ORDER BY uses DESC, brand_key LIMIT ${input.limit}`);
  const models = ctx.db.all<{ brand: string; model: string; uses: number }>(sql`
    SELECT min(brand) AS brand, min(model) AS model, sum(uses) AS uses FROM device_model_usage
    WHERE ${where} AND substr(model_key, 1, ${model.length}) = ${model}
    GROUP BY brand_key, model_key ORDER BY uses DESC, model_key LIMIT ${input.limit}`);
  return { brands, models };
}
