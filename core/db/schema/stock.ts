import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
  (t) => [uniqueIndex('parts_sku').on(t.sku)],
);

export type StockMovementKind =
  'receipt' | 'consume' | 'transfer_out' | 'transfer_in' | 'adjustment';

/** Append-only ledger: stock on hand is the sum of the movements. */
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
  },
  (t) => [index('stock_movements_site_part').on(t.siteId, t.partId)],
);
