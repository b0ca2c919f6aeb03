import { asc, eq } from 'drizzle-orm';
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

export function readOrderDetail(db: Db, where: { id: string } | { number: string }): OrderDetail {
  const condition =
    'id' in where ? eq(repairOrders.id, where.id) : eq(repairOrders.number, where.number);
  const row = db
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
    .where(condition)
    .get();
  if (!row) throw new DomainError('not_found', { entity: 'order' });
  const events = db
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
    .where(eq(orderEvents.orderId, row.id))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
    .all();
  const { unlockSecret, ...fields } = row;
  return { ...fields, unlockKind: unlockKindOf(unlockSecret), events } satisfies OrderDetail;
}

export type { OrderSummary };
