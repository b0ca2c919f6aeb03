import { z } from 'zod';
import { Id, Money, optionalText, requiredText, SearchTerm } from './common';
import { method } from './define';
import type { Role } from './roles';

/**
 * The parts catalogue (reference data the head office keeps) and each site's stock: an
 * append-only ledger of movements whose sum is what the site has on hand. Quantities are in
 * thousandths of the part's unit, as on order lines (1 piece = 1000).
 */

const stockKeepers: readonly Role[] = ['receptionist', 'technician', 'manager', 'admin'];
const stockManagers: readonly Role[] = ['manager', 'admin'];

export const stockMovementKinds = [
  'receipt',
  'consume',
  'transfer_out',
  'transfer_in',
  'adjustment',
] as const;

/** A stocked quantity: at most a million pieces either way. */
const QuantityMilli = z.int().min(-1_000_000_000).max(1_000_000_000);

export const PartInput = z.object({
  /** Absent: a new part. */
  id: Id.optional(),
  sku: requiredText(60),
  name: requiredText(200),
  price: Money,
  vatRateBp: z.int().min(0).max(10_000),
  warrantyMonths: z.int().min(0).max(120).default(0),
});
export type PartInput = z.input<typeof PartInput>;

export const PartWithStock = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  price: z.int(),
  vatRateBp: z.int(),
  warrantyMonths: z.int(),
  /** Sum of this site's movements of the part. */
  onHandMilli: z.int(),
});
export type PartWithStock = z.infer<typeof PartWithStock>;

export const StockMovement = z.object({
  id: Id,
  kind: z.enum(stockMovementKinds),
  quantityMilli: z.int(),
  createdAt: z.int(),
  orderId: Id.nullable(),
  orderNumber: z.string().nullable(),
  note: z.string().nullable(),
  userName: z.string().nullable(),
});
export type StockMovement = z.infer<typeof StockMovement>;

export const stockMethods = {
  listParts: method({
    summary: 'The parts catalogue with what this site has on hand, filtered by SKU or name.',
    kind: 'query',
    input: z.object({ term: SearchTerm.default(''), limit: z.int().min(1).max(500).default(200) }),
    output: z.object({ parts: z.array(PartWithStock) }),
    roles: ['receptionist', 'technician', 'accountant', 'manager', 'admin'],
  }),
  listStockMovements: method({
    summary: "A part's movements at this site, newest first: receipts, use on orders, adjustments.",
    kind: 'query',
    input: z.object({ partId: Id, limit: z.int().min(1).max(500).default(100) }),
    output: z.object({ part: PartWithStock, movements: z.array(StockMovement) }),
    roles: ['receptionist', 'technician', 'accountant', 'manager', 'admin'],
  }),
  savePart: method({
    summary:
      'Add a part to the catalogue or change one (head office only): every desk receives it.',
    kind: 'mutation',
    input: PartInput,
    output: PartWithStock,
    roles: stockManagers,
  }),
  receiveStock: method({
    summary: 'Book parts received at this site (a delivery): stock on hand goes up.',
    kind: 'mutation',
    input: z.object({
      partId: Id,
      quantityMilli: QuantityMilli.min(1),
      note: optionalText(500),
    }),
    output: PartWithStock,
    roles: stockKeepers,
  }),
  adjustStock: method({
    summary:
      'Correct stock on hand after a count (lost, broken, found): the ledger keeps the change and why.',
    kind: 'mutation',
    input: z.object({
      partId: Id,
      /** Positive adds, negative removes; never zero. */
      quantityMilli: QuantityMilli.refine((q) => q !== 0, { params: { code: 'not_zero' } }),
      note: requiredText(500),
    }),
    output: PartWithStock,
    roles: stockManagers,
  }),
};
