import { eq, inArray } from 'drizzle-orm';
import { DomainError } from '../contract/errors';
import type { Db } from '../db/open';
import {
  attachments,
  customers,
  devices,
  invoices,
  orderEvents,
  payments,
  repairOrders,
} from '../db/schema';

/** Everything this desk holds about one customer (their right of access), as plain JSON. */
export function exportCustomerData(db: Db, customerId: string, now: number) {
  const customer = db.select().from(customers).where(eq(customers.id, customerId)).get();
  if (!customer) throw new DomainError('not_found', { entity: 'customer' });
  const orders = db
    .select()
    .from(repairOrders)
    .where(eq(repairOrders.customerId, customerId))
    .all()
    // The unlock code is a secret kept for the repair, encrypted: its presence is what is held.
    .map(({ unlockSecret, ...order }) => ({ ...order, unlockCodeHeld: unlockSecret !== null }));
  const orderIds = orders.map((o) => o.id);
  const forOrders = <T>(read: () => T[]): T[] => (orderIds.length ? read() : []);
  return {
    exportedAt: now,
    customer,
    devices: db.select().from(devices).where(eq(devices.customerId, customerId)).all(),
    orders,
    events: forOrders(() =>
      db.select().from(orderEvents).where(inArray(orderEvents.orderId, orderIds)).all(),
    ),
    attachments: forOrders(() =>
      db.select().from(attachments).where(inArray(attachments.orderId, orderIds)).all(),
    ),
    invoices: forOrders(() =>
      db.select().from(invoices).where(inArray(invoices.orderId, orderIds)).all(),
    ),
    payments: forOrders(() =>
      db.select().from(payments).where(inArray(payments.orderId, orderIds)).all(),
    ),
  };
}
