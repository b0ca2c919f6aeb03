import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { OrderEventKind } from '../../contract/order-events';
import type { OrderStatus } from '../../orders/workflow';
import { appendOnly, json, replicated } from './columns';
import { customers, devices } from './customers';
import { sites, users } from './sites';

export type WarrantyBasis = 'manufacturer' | 'our_repair' | 'paid';

export interface WarrantyClaim {
  slipId: string;
  lineId: string;
  /** The covered line's end date on the original slip: a rework never resets it. */
  endsOn: string;
}

export const repairOrders = sqliteTable(
  'repair_orders',
  {
    ...replicated,
    number: text('number').notNull(),
    intakeSiteId: text('intake_site_id')
      .notNull()
      .references(() => sites.id),
    custodySiteId: text('custody_site_id')
      .notNull()
      .references(() => sites.id),
    workshopSiteId: text('workshop_site_id').references(() => sites.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    status: text('status').$type<OrderStatus>().notNull(),
    complaint: text('complaint').notNull(),
    condition: json<string[]>('condition').notNull().default([]),
    conditionNotes: text('condition_notes'),
    accessories: json<string[]>('accessories').notNull().default([]),
    accessoriesNotes: text('accessories_notes'),
    unlockSecret: text('unlock_secret'),
    warrantyBasis: text('warranty_basis').$type<WarrantyBasis>().notNull().default('paid'),
    warrantyParentOrderId: text('warranty_parent_order_id'),
    /** The slip line a warranty return claims; its lines are repaired free, their end dates kept. */
    warrantyClaim: json<WarrantyClaim>('warranty_claim'),
    currency: text('currency').notNull(),
    preauthorisedAmount: integer('preauthorised_amount').notNull().default(0),
    diagnosisFee: integer('diagnosis_fee').notNull().default(0),
    deposit: integer('deposit').notNull().default(0),
    itemValue: integer('item_value'),
    promisedOn: text('promised_on'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    closedAt: integer('closed_at'),
  },
  (t) => [
    uniqueIndex('repair_orders_number').on(t.number),
    index('repair_orders_status').on(t.status, t.createdAt),
    index('repair_orders_customer').on(t.customerId),
    index('repair_orders_device').on(t.deviceId),
    index('repair_orders_custody').on(t.custodySiteId, t.status),
    index('repair_orders_created').on(t.createdAt),
  ],
);

export type { OrderEventKind };

/** Append-only history of an order: every transition, print and note. */
export const orderEvents = sqliteTable(
  'order_events',
  {
    ...appendOnly,
    orderId: text('order_id')
      .notNull()
      .references(() => repairOrders.id),
    kind: text('kind').$type<OrderEventKind>().notNull(),
    fromStatus: text('from_status').$type<OrderStatus>(),
    toStatus: text('to_status').$type<OrderStatus>(),
    reason: text('reason'),
    userId: text('user_id').notNull(),
    siteId: text('site_id').notNull(),
    clientAt: integer('client_at').notNull(),
    data: json<Record<string, unknown>>('data'),
  },
  (t) => [index('order_events_order').on(t.orderId, t.createdAt)],
);

export type ApprovalState = 'pending' | 'approved' | 'declined';

export const estimates = sqliteTable(
  'estimates',
  {
    ...replicated,
    orderId: text('order_id')
      .notNull()
      .references(() => repairOrders.id),
    state: text('state').$type<ApprovalState>().notNull().default('pending'),
    total: integer('total').notNull(),
    answeredVia: text('answered_via'),
    answeredAt: integer('answered_at'),
    answeredBy: text('answered_by'),
    note: text('note'),
  },
  (t) => [index('estimates_order').on(t.orderId)],
);

export type LineKind = 'labour' | 'part' | 'fee';

export const orderLines = sqliteTable(
  'order_lines',
  {
    ...replicated,
    orderId: text('order_id')
      .notNull()
      .references(() => repairOrders.id),
    estimateId: text('estimate_id'),
    kind: text('kind').$type<LineKind>().notNull(),
    description: text('description').notNull(),
    partId: text('part_id'),
    quantityMilli: integer('quantity_milli').notNull(),
    unitPrice: integer('unit_price').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
    warrantyMonths: integer('warranty_months').notNull().default(0),
    coveredByWarranty: integer('covered_by_warranty', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('order_lines_order').on(t.orderId)],
);

export type TransferStatus = 'draft' | 'dispatched' | 'received';

export const transfers = sqliteTable(
  'transfers',
  {
    ...replicated,
    number: text('number').notNull(),
    fromSiteId: text('from_site_id').notNull(),
    toSiteId: text('to_site_id').notNull(),
    status: text('status').$type<TransferStatus>().notNull(),
    dispatchedAt: integer('dispatched_at'),
    dispatchedBy: text('dispatched_by'),
    receivedAt: integer('received_at'),
    receivedBy: text('received_by'),
    signatures: json<Record<string, string>>('signatures'),
  },
  (t) => [uniqueIndex('transfers_number').on(t.number)],
);

export const transferItems = sqliteTable(
  'transfer_items',
  {
    ...appendOnly,
    transferId: text('transfer_id')
      .notNull()
      .references(() => transfers.id),
    orderId: text('order_id')
      .notNull()
      .references(() => repairOrders.id),
  },
  (t) => [index('transfer_items_transfer').on(t.transferId)],
);

export const attachments = sqliteTable(
  'attachments',
  {
    ...appendOnly,
    orderId: text('order_id')
      .notNull()
      .references(() => repairOrders.id),
    sha256: text('sha256').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<'photo' | 'document'>().notNull(),
  },
  (t) => [index('attachments_order').on(t.orderId)],
);

export const warrantySlips = sqliteTable(
  'warranty_slips',
  {
    ...appendOnly,
    orderId: text('order_id')
      .notNull()
      .references(() => repairOrders.id),
    deviceId: text('device_id').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    coverage:
      json<{ lineId: string; description: string; months: number; endsOn: string }[]>(
        'coverage',
      ).notNull(),
    termsVersion: text('terms_version').notNull(),
  },
  (t) => [
    index('warranty_slips_device').on(t.deviceId),
    index('warranty_slips_order').on(t.orderId),
  ],
);

export const slaPolicies = sqliteTable('sla_policies', {
  ...replicated,
  name: text('name').notNull(),
  targets: json<Record<string, number>>('targets').notNull(),
  pauseStatuses: json<OrderStatus[]>('pause_statuses').notNull(),
  calendar: json<Record<string, unknown>>('calendar').notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    ...appendOnly,
    userId: text('user_id').notNull(),
    siteId: text('site_id').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: json<Record<string, unknown>>('before'),
    after: json<Record<string, unknown>>('after'),
  },
  (t) => [
    index('audit_log_entity').on(t.entity, t.entityId),
    index('audit_log_created').on(t.createdAt),
  ],
);
