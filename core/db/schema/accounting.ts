import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { appendOnly, json } from './columns';

export type InvoiceKind = 'invoice' | 'credit_note';
export type PaymentMethod = 'cash' | 'card' | 'bank_transfer' | 'deposit';

/** Issued invoices are immutable: corrections are credit notes. */
export const invoices = sqliteTable(
  'invoices',
  {
    ...appendOnly,
    number: text('number').notNull(),
    series: text('series').notNull(),
    siteId: text('site_id').notNull(),
    kind: text('kind').$type<InvoiceKind>().notNull(),
    orderId: text('order_id'),
    creditedInvoiceId: text('credited_invoice_id'),
    customer: json<Record<string, unknown>>('customer').notNull(),
    lines: json<Record<string, unknown>[]>('lines').notNull(),
    currency: text('currency').notNull(),
    totalNet: integer('total_net').notNull(),
    totalVat: integer('total_vat').notNull(),
    totalGross: integer('total_gross').notNull(),
    issuedOn: text('issued_on').notNull(),
  },
  (t) => [uniqueIndex('invoices_number').on(t.number), index('invoices_issued').on(t.issuedOn)],
);

export const payments = sqliteTable(
  'payments',
  {
    ...appendOnly,
    orderId: text('order_id').notNull(),
    invoiceId: text('invoice_id'),
    method: text('method').$type<PaymentMethod>().notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [index('payments_order').on(t.orderId)],
);
