import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { appendOnly, replicated } from './columns';

export const parts = sqliteTable(
  'parts',
  {
    ...replicated,
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    price: integer('price').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
    warrantyMonths: integer('warranty_months').notNull().default(0),
  },
  // Not unique here: the server keeps SKUs unique; a desk may hold its own refused duplicate
  // beside the part the server accepted, and a pulled page must not fail on it.
  (t) => [index('parts_sku').on(t.sku)],
);

export type StockMovementKind =
  'receipt' | 'consume' | 'transfer_out' | 'transfer_in' | 'adjustment';

/**
 * Append-only ledger: stock on hand is the sum of the movements. `quantity` is in thousandths
 * of the part's unit, as order lines' (1 piece = 1000); consumption and transfers out are negative.
 */
export const stockMovements = sqliteTable(
  'stock_movements',
  {
    ...appendOnly,
    siteId: text('site_id').notNull(),
    partId: text('part_id')
      .notNull()
      .references(() => parts.id),
    quantity: integer('quantity').notNull(),
    kind: text('kind').$type<StockMovementKind>().notNull(),
    orderId: text('order_id'),
    transferId: text('transfer_id'),
    userId: text('user_id').notNull(),
    /** Why: the delivery note of a receipt, the reason for an adjustment. */
    note: text('note'),
  },
  (t) => [index('stock_movements_site_part').on(t.siteId, t.partId)],
);
