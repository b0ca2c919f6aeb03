import { z } from 'zod';
import { orderStatuses } from '../orders/workflow';
import { ActorId, Id, IsoDate, Money } from './common';
import { stockMovementKinds } from './stock';
import {
  appendOnlyColumns,
  CustomerRow,
  Ms,
  OrderEventRow,
  replicatedColumns,
  SiteRow,
  UserRow,
} from './replication';
import { siteLegalFields } from './site-legal';

/**
 * The args of every mutation a desk writes to its outbox, as the server reads them. Pure zod,
 * shared by the desk and the server. Row schemas are `loose`: a column added on the desk travels
 * unchanged, while the columns the server reasons about are checked.
 */

const nullableText = (max: number) => z.string().max(max).nullish();

export const EstimateRow = z
  .object({
    ...replicatedColumns,
    orderId: Id,
    state: z.enum(['pending', 'approved', 'declined']),
    total: Money,
    note: nullableText(4000),
  })
  .loose();

export const OrderLineRow = z
  .object({
    ...replicatedColumns,
    orderId: Id,
    estimateId: Id.nullish(),
    kind: z.enum(['labour', 'part', 'fee']),
    description: z.string().min(1).max(500),
    quantityMilli: z.int(),
    unitPrice: z.int(),
    vatRateBp: z.int().min(0).max(10_000),
    /** Every desk sends both; a line without them carries no warranty and is charged. */
    warrantyMonths: z.int().min(0).max(120).optional(),
    coveredByWarranty: z.boolean().optional(),
  })
  .loose();

export const PaymentRow = z
  .object({
    ...appendOnlyColumns,
    orderId: Id,
    method: z.enum(['cash', 'card', 'bank_transfer', 'deposit']),
    amount: z.int(),
    currency: z.string().length(3),
    userId: Id,
  })
  .loose();

export const WarrantySlipRow = z
  .object({
    ...appendOnlyColumns,
    orderId: Id,
    deviceId: Id,
    startsOn: IsoDate,
    endsOn: IsoDate,
    coverage: z.array(z.record(z.string(), z.unknown())).max(100),
    termsVersion: z.string().min(1).max(40),
  })
  .loose();

export const AttachmentRow = z
  .object({
    ...appendOnlyColumns,
    orderId: Id,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    mime: z.string().min(1).max(100),
    size: z.int().min(0),
    name: z.string().max(300),
    kind: z.enum(['photo', 'document']),
  })
  .loose();

export const AuditRow = z
  .object({
    ...appendOnlyColumns,
    userId: ActorId,
    siteId: Id,
    action: z.string().min(1).max(200),
    entity: z.string().min(1).max(200),
    entityId: z.string().min(1).max(200),
    before: z.record(z.string(), z.unknown()).nullish(),
    after: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

/** A line of a site's stock ledger; quantities in thousandths, negative when stock leaves. */
export const StockMovementRow = z
  .object({
    ...appendOnlyColumns,
    siteId: Id,
    partId: Id,
    quantity: z.int().min(-1_000_000_000).max(1_000_000_000),
    kind: z.enum(stockMovementKinds),
    orderId: Id.nullish(),
    transferId: Id.nullish(),
    userId: Id,
    note: nullableText(500),
  })
  .loose();

/** A part of the catalogue: reference data the head office keeps. */
export const PartRow = z
  .object({
    ...replicatedColumns,
    sku: z.string().trim().min(1).max(60),
    name: z.string().trim().min(1).max(200),
    price: Money,
    vatRateBp: z.int().min(0).max(10_000),
    warrantyMonths: z.int().min(0).max(120),
  })
  .loose();

/** What a transition wrote on the order row: `applyTransition` in core/orders/transition.ts. */
const StatusChanges = z.object({
  status: z.enum(orderStatuses),
  updatedAt: Ms,
  custodySiteId: Id.optional(),
  workshopSiteId: Id.nullish(),
  closedAt: Ms.optional(),
});

const statusChange = {
  orderId: Id,
  changes: StatusChanges,
  event: OrderEventRow,
};

/**
 * `order.status`: changeStatus and sendToWorkshop. The event carries the status it left; the move
 * to `repaired` carries the parts the repair took from the workshop's stock.
 */
export const OrderStatusArgs = z.object({
  ...statusChange,
  stock: z.array(StockMovementRow).max(200).optional(),
});
export type OrderStatusArgs = z.infer<typeof OrderStatusArgs>;

/** `order.estimate`: the estimate and its lines, moving the order to awaiting approval. */
export const OrderEstimateArgs = z.object({
  ...statusChange,
  estimate: EstimateRow,
  lines: z.array(OrderLineRow).max(200),
});

/** `order.approval`: the customer's answer to an estimate. */
export const OrderApprovalArgs = z.object({
  ...statusChange,
  estimateId: Id,
  answer: z.object({
    state: z.enum(['approved', 'declined']),
    answeredVia: z.string().max(40),
    answeredAt: Ms,
    answeredBy: Id,
    note: nullableText(4000),
    updatedAt: Ms,
  }),
});

/** `order.handover`: final lines, payments and warranty slip, closing the order. */
export const OrderHandoverArgs = z.object({
  ...statusChange,
  lines: z.array(OrderLineRow).max(200),
  payments: z.array(PaymentRow).max(20),
  slip: WarrantySlipRow.nullable(),
});

/** `order.event`: a print, a reminder or a note appended to the order's history. */
export const OrderEventArgs = z.object({ event: OrderEventRow });

/** `order.attachment`: a photo's row (its bytes travel by hash) and its history event. */
export const OrderAttachmentArgs = z.object({ attachment: AttachmentRow, event: OrderEventRow });

/** The customer fields `updateCustomer` may change. */
const customerEditable = CustomerRow.pick({
  kind: true,
  name: true,
  phone: true,
  email: true,
  taxId: true,
  vatNumber: true,
  address: true,
  notes: true,
  privacyConsentVersion: true,
  privacyConsentAt: true,
  termsVersion: true,
}).partial();

/** `customer.update`: changed fields only, merged last-writer-wins per field. */
export const CustomerUpdateArgs = z.object({
  id: Id,
  changes: customerEditable.strict(),
  updatedAt: Ms,
});

/** `customer.erase`: the right to erasure; every replica pseudonymises the customer. */
export const CustomerEraseArgs = z.object({ customerId: Id, erasedAt: Ms });

/** `part.create`: a part added to the catalogue by the head office. */
export const PartCreateArgs = z.object({ part: PartRow });

/** `part.update`: the changed fields of a part, merged last-writer-wins per field. */
export const PartUpdateArgs = z.object({
  id: Id,
  patch: PartRow.pick({ sku: true, name: true, price: true, vatRateBp: true, warrantyMonths: true })
    .partial()
    .extend({ updatedAt: Ms })
    .strict(),
});

/** `stock.move`: a receipt or an adjustment at the desk's own site. */
export const StockMoveArgs = z.object({ movement: StockMovementRow });

/** `audit.append`: the audit rows a desk wrote; the head office keeps them. */
export const AuditAppendArgs = z.object({ rows: z.array(AuditRow).min(1).max(200) });

/** `user.create`: a person added at a desk; users are reference data every desk receives. */
export const UserCreateArgs = z.object({ user: UserRow });

/** `user.update` and `user.deactivate`: changed fields only, last writer wins per field. */
export const UserUpdateArgs = z.object({
  id: Id,
  patch: UserRow.pick({
    siteId: true,
    name: true,
    login: true,
    roles: true,
    passwordHash: true,
    pinHash: true,
    active: true,
  })
    .partial()
    .extend({ updatedAt: Ms })
    .strict(),
});

/**
 * `site.update`: a site's name and legal details corrected at a desk, changed fields only, last
 * writer wins per field (each legal detail on its own). Code, kind, country, currency and time
 * zone are not here: documents already issued follow them.
 */
export const SiteUpdateArgs = z.object({
  id: Id,
  patch: z
    .object({
      name: SiteRow.shape.name.optional(),
      legal: z
        .object(siteLegalFields)
        .strict()
        .refine((legal) => Object.keys(legal).length > 0, { params: { code: 'nothing_to_change' } })
        .optional(),
      updatedAt: Ms,
    })
    .strict(),
});
export type SiteUpdateArgs = z.infer<typeof SiteUpdateArgs>;
