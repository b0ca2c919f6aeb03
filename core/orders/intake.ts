import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { fieldError } from '../contract/errors';
import type { CreateIntakeInput, OrderDetail } from '../contract/orders';
import { normalisePhone } from '../contract/phone';
import type { z } from 'zod';
import { customers, devices, orderEvents, repairOrders } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation } from '../sync/outbox';
import { allocateSeriesNumber, formatOrderNumber, yearAt } from './numbering';
import { readOrderDetail } from './read';

type Input = z.output<typeof CreateIntakeInput>;

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
        const row = { ...fields, ...origin, id: uuidv7(), phone: phone! };
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
        const row = { ...fields, ...origin, id: uuidv7(), customerId };
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
      const order = {
        ...orderFields,
        ...origin,
        id: uuidv7(),
        number,
        intakeSiteId: ctx.site.id,
        custodySiteId: ctx.site.id,
        customerId,
        deviceId,
        status: 'received' as const,
        currency: ctx.site.currency,
        createdBy: ctx.actor.userId,
      };
      tx.insert(repairOrders).values(order).run();
      const event = {
        id: uuidv7(),
        originSiteId: ctx.site.id,
        createdAt: now,
        orderId: order.id,
        kind: 'status' as const,
        toStatus: 'received' as const,
        userId: ctx.actor.userId,
        siteId: ctx.site.id,
        clientAt: now,
      };
      tx.insert(orderEvents).values(event).run();
      recordMutation(tx, ctx, 'order.intake', { ...created, order, event });
      return order.id;
    },
    { behavior: 'immediate' },
  );
  return readOrderDetail(ctx.db, { id: orderId });
}
