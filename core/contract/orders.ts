import { z } from 'zod';
import { orderStatuses } from '../orders/workflow';
import {
  Id,
  IsoDate,
  Money,
  optionalText,
  PageInput,
  pageOf,
  requiredText,
  SearchTerm,
} from './common';
import { NewCustomer } from './customers';
import { method } from './define';
import { isValidImei } from './imei';
import { counterStaff, everyone, type Role } from './roles';

/** Who may read a device's unlock code: the people who open it. */
const unlockReaders: readonly Role[] = ['technician', 'admin'];

export const deviceCategories = [
  'phone',
  'tablet',
  'laptop',
  'tv',
  'large_appliance',
  'small_appliance',
  'footwear',
  'other',
] as const;

export const warrantyBases = ['manufacturer', 'our_repair', 'paid'] as const;

export const NewDevice = z.object({
  category: z.enum(deviceCategories),
  brand: requiredText(80),
  model: requiredText(120),
  serial: optionalText(80),
  imei: optionalText(15).refine((v) => v === undefined || isValidImei(v), {
    params: { code: 'invalid_imei' },
  }),
});

export const unlockKinds = ['pin', 'password', 'pattern'] as const;

/** A screen lock as the customer gives it; a pattern is the dots in order, 1–9, e.g. `1-5-9-6`. */
export const UnlockSecret = z
  .object({ kind: z.enum(unlockKinds), value: requiredText(64) })
  .refine((u) => u.kind !== 'pattern' || /^[1-9](-[1-9]){3,8}$/.test(u.value), {
    params: { code: 'invalid_unlock_pattern' },
    path: ['value'],
  });

export const ProofOfPurchase = z.object({
  purchasedOn: IsoDate,
  /** What the customer showed: receipt number, invoice, shop. */
  document: requiredText(200),
});

export const WarrantyClaimInput = z.object({ slipId: Id, lineId: Id });

export const CreateIntakeInput = z
  .object({
    customer: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('existing'), id: Id }),
      NewCustomer.extend({ mode: z.literal('new') }),
    ]),
    device: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('existing'), id: Id }),
      NewDevice.extend({ mode: z.literal('new') }),
    ]),
    complaint: requiredText(4000),
    condition: z.array(z.string().max(40)).max(40).default([]),
    conditionNotes: optionalText(2000),
    accessories: z.array(z.string().max(40)).max(40).default([]),
    accessoriesNotes: optionalText(1000),
    warrantyBasis: z.enum(warrantyBases).default('paid'),
    preauthorisedAmount: Money.default(0),
    diagnosisFee: Money.default(0),
    deposit: Money.default(0),
    itemValue: Money.optional(),
    promisedOn: IsoDate.optional(),
    unlock: UnlockSecret.optional(),
    proofOfPurchase: ProofOfPurchase.optional(),
    /** A warranty return: the receptionist confirms the complaint is on this covered slip line. */
    warrantyClaim: WarrantyClaimInput.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.warrantyBasis === 'manufacturer' && !input.proofOfPurchase)
      ctx.addIssue({
        code: 'custom',
        path: ['proofOfPurchase'],
        params: { code: 'proof_of_purchase_required' },
      });
    if (input.warrantyClaim && input.device.mode !== 'existing')
      ctx.addIssue({
        code: 'custom',
        path: ['device'],
        params: { code: 'warranty_claim_needs_known_device' },
      });
  });
export type CreateIntakeInput = z.input<typeof CreateIntakeInput>;

export const OrderStatus = z.enum(orderStatuses);

export const OrderSummary = z.object({
  id: Id,
  number: z.string(),
  status: OrderStatus,
  createdAt: z.int(),
  promisedOn: z.string().nullable(),
  customerId: Id,
  customerName: z.string(),
  customerPhone: z.string(),
  deviceCategory: z.enum(deviceCategories),
  deviceBrand: z.string(),
  deviceModel: z.string(),
  deviceSerial: z.string().nullable(),
  complaint: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderEvent = z.object({
  id: Id,
  kind: z.string(),
  fromStatus: OrderStatus.nullable(),
  toStatus: OrderStatus.nullable(),
  reason: z.string().nullable(),
  userId: z.string(),
  userName: z.string().nullable(),
  at: z.int(),
  /** Details of non-status events (what was printed, how the customer was reminded). */
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const OrderDetail = OrderSummary.extend({
  intakeSiteId: Id,
  custodySiteId: Id,
  workshopSiteId: Id.nullable(),
  deviceId: Id,
  deviceImei: z.string().nullable(),
  customerEmail: z.string().nullable(),
  condition: z.array(z.string()),
  conditionNotes: z.string().nullable(),
  accessories: z.array(z.string()),
  accessoriesNotes: z.string().nullable(),
  warrantyBasis: z.enum(warrantyBases),
  currency: z.string(),
  preauthorisedAmount: z.int(),
  diagnosisFee: z.int(),
  deposit: z.int(),
  itemValue: z.int().nullable(),
  /** Whether an unlock code is on file; the code itself only comes from `revealUnlockCode`. */
  unlockKind: z.enum(unlockKinds).nullable(),
  warrantyParentOrderId: Id.nullable(),
  warrantyClaim: z.object({ slipId: Id, lineId: Id, endsOn: IsoDate }).nullable(),
  closedAt: z.int().nullable(),
  events: z.array(OrderEvent),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const orderSortFields = [
  'createdAt',
  'number',
  'status',
  'customerName',
  'promisedOn',
] as const;

export const ListOrdersInput = z.object({
  search: SearchTerm.optional(),
  statuses: z.array(OrderStatus).max(orderStatuses.length).optional(),
  sort: z
    .object({ field: z.enum(orderSortFields), direction: z.enum(['asc', 'desc']) })
    .default({ field: 'createdAt', direction: 'desc' }),
  page: PageInput.default({ offset: 0, limit: 50 }),
});
export type ListOrdersInput = z.input<typeof ListOrdersInput>;

export const orderMethods = {
  createIntake: method({
    summary: 'Take a device in: customer, device and complaint become a numbered repair order.',
    kind: 'mutation',
    input: CreateIntakeInput,
    output: OrderDetail,
    roles: counterStaff,
  }),
  listOrders: method({
    summary: 'A page of repair orders, filtered by status and a search term, sorted.',
    kind: 'query',
    input: ListOrdersInput,
    output: pageOf(OrderSummary),
    roles: everyone,
  }),
  revealUnlockCode: method({
    summary: "The device's unlock code or pattern, decrypted for the technician who opens it.",
    kind: 'query',
    input: z.object({ orderId: Id }),
    output: z.object({ kind: z.enum(unlockKinds), value: z.string() }).nullable(),
    roles: unlockReaders,
  }),
  getOrder: method({
    summary: 'One repair order with its history, by id or by number.',
    kind: 'query',
    input: z.union([z.object({ id: Id }), z.object({ number: requiredText(40) })]),
    output: OrderDetail,
    roles: everyone,
  }),
};
