import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomerDetail, UpdateCustomerInput } from '../contract/customers';
import { DomainError, fieldError } from '../contract/errors';
import { normalisePhone } from '../contract/phone';
import type { Db } from '../db/open';
import { customers, devices, repairOrders } from '../db/schema';
import { checkedTaxIds } from '../orders/intake-checks';
import type { HandlerContext } from '../runtime/context';
import { recordMutation } from '../sync/outbox';

export function readCustomer(db: Db, id: string): CustomerDetail {
  const c = db.select().from(customers).where(eq(customers.id, id)).get();
  if (!c || c.erasedAt) throw new DomainError('not_found', { entity: 'customer' });
  const deviceRows = db
    .select()
    .from(devices)
    .where(eq(devices.customerId, id))
    .orderBy(asc(devices.createdAt))
    .all();
  const orders = deviceRows.length
    ? db
        .select({
          id: repairOrders.id,
          deviceId: repairOrders.deviceId,
          number: repairOrders.number,
          status: repairOrders.status,
          createdAt: repairOrders.createdAt,
          complaint: repairOrders.complaint,
          closedAt: repairOrders.closedAt,
        })
        .from(repairOrders)
        .where(
          inArray(
            repairOrders.deviceId,
            deviceRows.map((d) => d.id),
          ),
        )
        .orderBy(desc(repairOrders.createdAt))
        .all()
    : [];
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    phone: c.phone,
    email: c.email,
    taxId: c.taxId,
    vatNumber: c.vatNumber,
    address: c.address,
    notes: c.notes,
    privacyConsentVersion: c.privacyConsentVersion,
    privacyConsentAt: c.privacyConsentAt,
    termsVersion: c.termsVersion,
    orderCount: orders.length,
    devices: deviceRows.map((d) => ({
      id: d.id,
      category: d.category,
      brand: d.brand,
      model: d.model,
      serial: d.serial,
      imei: d.imei,
      orders: orders.filter((o) => o.deviceId === d.id).map(({ deviceId: _deviceId, ...o }) => o),
    })),
  };
}

type UpdateInput = z.output<typeof UpdateCustomerInput>;
const emptyToNull = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v);

/** Plain fields, last writer wins per field on the server: only the fields sent are changed. */
export function updateCustomer(ctx: HandlerContext, input: UpdateInput): CustomerDetail {
  const { id, consent, phone: rawPhone, ...plain } = input;
  const phone = rawPhone === undefined ? undefined : normalisePhone(rawPhone, ctx.site.country);
  if (phone === null) throw fieldError('phone', 'invalid_phone');
  const ids = checkedTaxIds(
    ctx.site.country,
    { taxId: plain.taxId, vatNumber: plain.vatNumber },
    '',
  );
  const now = ctx.now();
  const candidate = {
    kind: plain.kind,
    name: plain.name,
    phone,
    email: emptyToNull(plain.email),
    taxId: emptyToNull(ids.taxId),
    vatNumber: emptyToNull(ids.vatNumber),
    address: emptyToNull(plain.address),
    notes: emptyToNull(plain.notes),
    ...(consent
      ? {
          privacyConsentVersion: consent.privacyVersion,
          privacyConsentAt: now,
          termsVersion: consent.termsVersion,
        }
      : {}),
  };
  const changes = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
  ctx.db.transaction(
    (tx) => {
      const found = tx
        .select({ id: customers.id, erasedAt: customers.erasedAt })
        .from(customers)
        .where(eq(customers.id, id))
        .get();
      if (!found || found.erasedAt) throw new DomainError('not_found', { entity: 'customer' });
      if (Object.keys(changes).length === 0) return;
      tx.update(customers)
        .set({ ...changes, updatedAt: now })
        .where(eq(customers.id, id))
        .run();
      recordMutation(tx, ctx, 'customer.update', { id, changes, updatedAt: now });
    },
    { behavior: 'immediate' },
  );
  return readCustomer(ctx.db, id);
}
