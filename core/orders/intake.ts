import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { fieldError } from '../contract/errors';
import type { CreateIntakeInput, OrderDetail } from '../contract/orders';
import { normalisePhone } from '../contract/phone';
import type { z } from 'zod';
import { customers, devices, orderEvents, repairOrders } from '../db/schema';
import type { Actor, HandlerContext, SiteRow } from '../runtime/context';
import { recordMutation } from '../sync/outbox';
import { allocateSeriesNumber, formatOrderNumber, yearAt } from './numbering';
import { readOrderDetail } from './read';
import type { OrderStatus } from './workflow';

type Input = z.output<typeof CreateIntakeInput>;
export type NewCustomerFields = Omit<Extract<Input['customer'], { mode: 'new' }>, 'mode'>;
export type NewDeviceFields = Omit<Extract<Input['device'], { mode: 'new' }>, 'mode'>;
export type IntakeOrderFields = Omit<Input, 'customer' | 'device'>;

/** Where and when a replicated row is born. */
export interface RowOrigin {
  originSiteId: string;
  createdAt: number;
  updatedAt: number;
}

// The row builders below are shared with the demo seeder, so seeded rows have the shapes an
// intake writes.

export function newCustomerRow(
  fields: NewCustomerFields,
  phone: string,
  origin: RowOrigin,
  id: string = uuidv7(),
) {
  return { ...fields, ...origin, id, phone };
}

export function newDeviceRow(
  fields: NewDeviceFields,
  customerId: string,
  origin: RowOrigin,
  id: string = uuidv7(),
) {
  return { ...fields, ...origin, id, customerId };
}

export function receivedOrderRow(
  fields: IntakeOrderFields,
  at: { site: SiteRow; actor: Actor },
  refs: { number: string; customerId: string; deviceId: string },
  origin: RowOrigin,
  id: string = uuidv7(),
) {
  return {
    ...fields,
    ...origin,
    id,
    number: refs.number,
    intakeSiteId: at.site.id,
    custodySiteId: at.site.id,
    customerId: refs.customerId,
    deviceId: refs.deviceId,
    status: 'received' as OrderStatus,
    currency: at.site.currency,
    createdBy: at.actor.userId,
  };
}

export function statusEventRow(
  at: { site: SiteRow; actor: Actor },
  change: { orderId: string; from: OrderStatus | null; to: OrderStatus; when: number },
  id: string = uuidv7(),
) {
  return {
    id,
    originSiteId: at.site.id,
    createdAt: change.when,
    orderId: change.orderId,
    kind: 'status' as const,
    ...(change.from ? { fromStatus: change.from } : {}),
    toStatus: change.to,
    userId: at.actor.userId,
    siteId: at.site.id,
    clientAt: change.when,
  };
}

/** Takes a device in: one transaction writes customer, device, numbered order, event and outbox. */
export function createIntake(ctx: HandlerContext, input: Input): OrderDetail {
  const phone =
    input.customer.mode === 'new' ? normalisePhone(input.customer.phone, ctx.site.country) : null;
  if (input.customer.mode === 'new' && !phone) throw fieldError('customer.phone', 'invalid_phone');

  const orderId = ctx.db.transaction(
    (tx) => {
      const now = ctx.now();
      const origin = { originSiteId: ctx.site.id, createdAt: now, updatedAt: now };
      const created: Record<string, unknown> = {};

      let customerId: string;
      if (input.customer.mode === 'existing') {
        const found = tx
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.id, input.customer.id))
          .get();
        if (!found) throw fieldError('customer.id', 'unknown_customer');
        customerId = found.id;
      } else {
        const { mode: _mode, ...fields } = input.customer;
        const row = newCustomerRow(fields, phone!, origin);
        tx.insert(customers).values(row).run();
        created.customer = row;
        customerId = row.id;
      }

      let deviceId: string;
      if (input.device.mode === 'existing') {
        const found = tx
          .select({ id: devices.id })
          .from(devices)
          .where(and(eq(devices.id, input.device.id), eq(devices.customerId, customerId)))
          .get();
        if (!found) throw fieldError('device.id', 'unknown_device');
        deviceId = found.id;
      } else {
        const { mode: _mode, ...fields } = input.device;
        const row = newDeviceRow(fields, customerId, origin);
        tx.insert(devices).values(row).run();
        created.device = row;
        deviceId = row.id;
      }

      const year = yearAt(now, ctx.site.timezone);
      const number = formatOrderNumber(
        ctx.site.code,
        year,
        allocateSeriesNumber(tx, ctx.site.id, 'order', year),
      );
      const { customer: _c, device: _d, ...orderFields } = input;
      const order = receivedOrderRow(orderFields, ctx, { number, customerId, deviceId }, origin);
      tx.insert(repairOrders).values(order).run();
      const event = statusEventRow(ctx, {
        orderId: order.id,
        from: null,
        to: 'received',
        when: now,
      });
      tx.insert(orderEvents).values(event).run();
      recordMutation(tx, ctx, 'order.intake', { ...created, order, event });
      return order.id;
    },
    { behavior: 'immediate' },
  );
  return readOrderDetail(ctx.db, { id: orderId });
}
