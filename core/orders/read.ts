import { asc, eq, sql } from 'drizzle-orm';
import type { OrderDetail, OrderSummary } from '../contract/orders';
import { DomainError } from '../contract/errors';
import type { Db } from '../db/open';
import { customers, devices, orderEvents, repairOrders, users } from '../db/schema';
import { unlockKindOf } from './unlock';

export const summaryColumns = {
  id: repairOrders.id,
  number: repairOrders.number,
  status: repairOrders.status,
  createdAt: repairOrders.createdAt,
  promisedOn: repairOrders.promisedOn,
  customerId: repairOrders.customerId,
  customerName: customers.name,
  customerPhone: customers.phone,
  deviceCategory: devices.category,
  deviceBrand: devices.brand,
  deviceModel: devices.model,
  deviceSerial: devices.serial,
  complaint: repairOrders.complaint,
};

/** The order row an order's detail shows, with its customer and device. */
function detailQuery(db: Db, by: 'id' | 'number') {
  return db
    .select({
      ...summaryColumns,
      intakeSiteId: repairOrders.intakeSiteId,
      custodySiteId: repairOrders.custodySiteId,
      workshopSiteId: repairOrders.workshopSiteId,
      deviceId: repairOrders.deviceId,
      deviceImei: devices.imei,
      customerEmail: customers.email,
      condition: repairOrders.condition,
      conditionNotes: repairOrders.conditionNotes,
      accessories: repairOrders.accessories,
      accessoriesNotes: repairOrders.accessoriesNotes,
      warrantyBasis: repairOrders.warrantyBasis,
      currency: repairOrders.currency,
      preauthorisedAmount: repairOrders.preauthorisedAmount,
      diagnosisFee: repairOrders.diagnosisFee,
      deposit: repairOrders.deposit,
      itemValue: repairOrders.itemValue,
      unlockSecret: repairOrders.unlockSecret,
      warrantyParentOrderId: repairOrders.warrantyParentOrderId,
      warrantyClaim: repairOrders.warrantyClaim,
      closedAt: repairOrders.closedAt,
    })
    .from(repairOrders)
    .innerJoin(customers, eq(customers.id, repairOrders.customerId))
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .where(eq(repairOrders[by], sql.placeholder('key')))
    .prepare();
}

function eventsQuery(db: Db) {
  return db
    .select({
      id: orderEvents.id,
      kind: orderEvents.kind,
      fromStatus: orderEvents.fromStatus,
      toStatus: orderEvents.toStatus,
      reason: orderEvents.reason,
      userId: orderEvents.userId,
      userName: users.name,
      at: orderEvents.createdAt,
      data: orderEvents.data,
    })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.userId))
    .where(eq(orderEvents.orderId, sql.placeholder('orderId')))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
    .prepare();
}

type DetailQueries = {
  id: ReturnType<typeof detailQuery>;
  number: ReturnType<typeof detailQuery>;
  events: ReturnType<typeof eventsQuery>;
};

/**
 * Built once per connection: every intake and every order screen reads a detail, and building
 * the query anew each time cost more than running it.
 */
const prepared = new WeakMap<Db, DetailQueries>();

function queriesFor(db: Db): DetailQueries {
  let queries = prepared.get(db);
  if (!queries) {
    queries = {
      id: detailQuery(db, 'id'),
      number: detailQuery(db, 'number'),
      events: eventsQuery(db),
    };
    prepared.set(db, queries);
  }
  return queries;
}

export function readOrderDetail(db: Db, where: { id: string } | { number: string }): OrderDetail {
  const queries = queriesFor(db);
  const row =
    'id' in where ? queries.id.get({ key: where.id }) : queries.number.get({ key: where.number });
  if (!row) throw new DomainError('not_found', { entity: 'order' });
  const events = queries.events.all({ orderId: row.id });
  const { unlockSecret, ...fields } = row;
  return { ...fields, unlockKind: unlockKindOf(unlockSecret), events } satisfies OrderDetail;
}

export type { OrderSummary };
