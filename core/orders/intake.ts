import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { fieldError } from '../contract/errors';
import type { CreateIntakeInput, OrderDetail } from '../contract/orders';
import { normalisePhone } from '../contract/phone';
import { customers, devices, repairOrders } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation, type Tx } from '../sync/outbox';
import { checkedTaxIds, checklistIssues, taxIdFieldIssues, throwIfAny } from './intake-checks';
import { newCustomerRow, newDeviceRow, receivedOrderRow } from './intake-rows';
import { allocateSeriesNumber, deskSeriesCode, formatOrderNumber, yearAt } from './numbering';
import { readOrderDetail } from './read';
import { siteDay } from './site-day';
import { appendEvent } from './transition';
import { sealUnlockSecret } from './unlock';
import { resolveWarrantyClaim } from './warranty';

type Input = z.output<typeof CreateIntakeInput>;

/**
 * The next number of this desk's order series (the site's, or its counter's own: see
 * `deskSeriesCode`), past any number an order on this desk already holds: one pulled from the
 * head office is taken there, and handing it out again would only be refused. A counter behind
 * the orders here (a desk that replaced another before enrolment brought the site's series
 * along) catches up once, one skipped number at a time.
 */
function nextOrderNumber(tx: Tx, site: { id: string; code: string }, year: number): string {
  const seriesCode = deskSeriesCode(tx, site);
  for (;;) {
    const number = formatOrderNumber(
      seriesCode,
      year,
      allocateSeriesNumber(tx, site.id, 'order', year),
    );
    const held = tx
      .select({ id: repairOrders.id })
      .from(repairOrders)
      .where(eq(repairOrders.number, number))
      .get();
    if (!held) return number;
  }
}

/** Takes a device in: one transaction writes customer, device, numbered order, event and outbox. */
export function createIntake(ctx: HandlerContext, input: Input): OrderDetail {
  // Every field the schema could not judge alone is checked here, and reported together.
  const customer = input.customer.mode === 'new' ? input.customer : null;
  const phone = customer ? normalisePhone(customer.phone, ctx.site.country) : null;
  throwIfAny([
    ...(customer && !phone ? [{ path: 'customer.phone', code: 'invalid_phone' }] : []),
    ...(customer ? taxIdFieldIssues(ctx.site.country, customer, 'customer.') : []),
    ...(input.device.mode === 'new'
      ? checklistIssues(input.device.category, input.condition, input.accessories)
      : []),
  ]);
  const newCustomer = customer ? checkedTaxIds(ctx.site.country, customer, 'customer.') : null;

  const orderId = ctx.db.transaction(
    (tx) => {
      const now = ctx.now();
      const origin = { originSiteId: ctx.site.id, createdAt: now, updatedAt: now };
      const created: Record<string, unknown> = {};

      let customerId: string;
      if (input.customer.mode === 'existing' || !newCustomer) {
        const id = input.customer.mode === 'existing' ? input.customer.id : '';
        const found = tx
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.id, id))
          .get();
        if (!found) throw fieldError('customer.id', 'unknown_customer');
        customerId = found.id;
      } else {
        const { mode: _mode, consent, ...fields } = newCustomer;
        const row = {
          ...newCustomerRow(fields, phone!, origin),
          ...(consent
            ? {
                privacyConsentVersion: consent.privacyVersion,
                privacyConsentAt: now,
                termsVersion: consent.termsVersion,
              }
            : {}),
        };
        tx.insert(customers).values(row).run();
        created.customer = row;
        customerId = row.id;
      }

      const purchase = input.proofOfPurchase
        ? {
            purchaseDate: input.proofOfPurchase.purchasedOn,
            proofOfPurchase: input.proofOfPurchase.document,
          }
        : {};
      let deviceId: string;
      if (input.device.mode === 'existing') {
        const found = tx
          .select({ id: devices.id, category: devices.category })
          .from(devices)
          .where(and(eq(devices.id, input.device.id), eq(devices.customerId, customerId)))
          .get();
        if (!found) throw fieldError('device.id', 'unknown_device');
        throwIfAny(checklistIssues(found.category, input.condition, input.accessories));
        deviceId = found.id;
        if (input.proofOfPurchase) {
          const changes = { ...purchase, updatedAt: now };
          tx.update(devices).set(changes).where(eq(devices.id, deviceId)).run();
          created.deviceUpdate = { id: deviceId, ...changes };
        }
      } else {
        const { mode: _mode, ...fields } = input.device;
        const row = newDeviceRow({ ...fields, ...purchase }, customerId, origin);
        tx.insert(devices).values(row).run();
        created.device = row;
        deviceId = row.id;
      }

      const claim = input.warrantyClaim
        ? resolveWarrantyClaim(tx, deviceId, input.warrantyClaim, siteDay(now, ctx.site.timezone))
        : null;

      const number = nextOrderNumber(tx, ctx.site, yearAt(now, ctx.site.timezone));
      const id = uuidv7();
      const order = {
        ...receivedOrderRow(input, ctx, { number, customerId, deviceId }, origin, id),
        unlockSecret: input.unlock ? sealUnlockSecret(ctx.secrets, id, input.unlock) : null,
        warrantyBasis: claim ? ('our_repair' as const) : input.warrantyBasis,
        warrantyParentOrderId: claim?.parentOrderId ?? null,
        warrantyClaim: claim
          ? { slipId: claim.slipId, lineId: claim.lineId, endsOn: claim.endsOn }
          : null,
      };
      tx.insert(repairOrders).values(order).run();
      const event = appendEvent(tx, ctx, id, 'status', {
        toStatus: 'received',
        ...(claim
          ? { data: { warrantyClaim: order.warrantyClaim, parentOrderId: claim.parentOrderId } }
          : {}),
      });
      recordMutation(tx, ctx, 'order.intake', { ...created, order, event });
      return id;
    },
    { behavior: 'immediate' },
  );
  return readOrderDetail(ctx.db, { id: orderId });
}
