import { v7 as uuidv7 } from 'uuid';
import type { CustomerKind, DeviceCategory, WarrantyBasis } from '../db/schema';
import type { Actor, SiteRow } from '../runtime/context';
import type { OrderStatus } from './workflow';

// The rows an intake writes, built in one place: createIntake and the demo seeder both use these,
// so seeded data has exactly the shapes a real intake stores.

/** Where and when a replicated row is born. */
export interface RowOrigin {
  originSiteId: string;
  createdAt: number;
  updatedAt: number;
}

export interface CustomerFields {
  kind: CustomerKind;
  name: string;
  email?: string | undefined;
  taxId?: string | undefined;
  vatNumber?: string | undefined;
  address?: string | undefined;
}

export interface DeviceFields {
  category: DeviceCategory;
  brand: string;
  model: string;
  serial?: string | undefined;
  imei?: string | undefined;
  purchaseDate?: string | undefined;
  proofOfPurchase?: string | undefined;
}

/** What the customer and the receptionist agree at the counter. */
export interface IntakeOrderFields {
  complaint: string;
  condition: string[];
  conditionNotes?: string | undefined;
  accessories: string[];
  accessoriesNotes?: string | undefined;
  warrantyBasis: WarrantyBasis;
  preauthorisedAmount: number;
  diagnosisFee: number;
  deposit: number;
  itemValue?: number | undefined;
  promisedOn?: string | undefined;
}

export function newCustomerRow(
  fields: CustomerFields,
  phone: string,
  origin: RowOrigin,
  id: string = uuidv7(),
) {
  return {
    kind: fields.kind,
    name: fields.name,
    email: fields.email,
    taxId: fields.taxId,
    vatNumber: fields.vatNumber,
    address: fields.address,
    ...origin,
    id,
    phone,
  };
}

export function newDeviceRow(
  fields: DeviceFields,
  customerId: string,
  origin: RowOrigin,
  id: string = uuidv7(),
) {
  return {
    category: fields.category,
    brand: fields.brand,
    model: fields.model,
    serial: fields.serial,
    imei: fields.imei,
    purchaseDate: fields.purchaseDate,
    proofOfPurchase: fields.proofOfPurchase,
    ...origin,
    id,
    customerId,
  };
}

export function receivedOrderRow(
  fields: IntakeOrderFields,
  at: { site: SiteRow; actor: Actor },
  refs: { number: string; customerId: string; deviceId: string },
  origin: RowOrigin,
  id: string = uuidv7(),
) {
  return {
    complaint: fields.complaint,
    condition: fields.condition,
    conditionNotes: fields.conditionNotes,
    accessories: fields.accessories,
    accessoriesNotes: fields.accessoriesNotes,
    warrantyBasis: fields.warrantyBasis,
    preauthorisedAmount: fields.preauthorisedAmount,
    diagnosisFee: fields.diagnosisFee,
    deposit: fields.deposit,
    itemValue: fields.itemValue,
    promisedOn: fields.promisedOn,
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
