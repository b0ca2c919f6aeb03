import { z } from 'zod';
import { Id, IsoDate, Money, requiredText } from './common';

export const lineKinds = ['labour', 'part', 'fee'] as const;

/** A priced line: quantity in thousandths (1 piece = 1000), net unit price in minor units, VAT in basis points. */
export const LineInput = z.object({
  kind: z.enum(lineKinds),
  description: requiredText(200),
  partId: Id.optional(),
  quantityMilli: z.int().min(1).max(1_000_000),
  unitPrice: Money,
  vatRateBp: z.int().min(0).max(10_000),
  warrantyMonths: z.int().min(0).max(120).default(0),
});
export type LineInput = z.input<typeof LineInput>;

export const LineRecord = LineInput.extend({
  id: Id,
  warrantyMonths: z.int(),
  /** Repaired under our warranty: listed, not charged. */
  coveredByWarranty: z.boolean(),
  net: z.int(),
});

export const Totals = z.object({
  perRate: z.array(z.object({ vatRateBp: z.int(), net: z.int(), vat: z.int(), gross: z.int() })),
  net: z.int(),
  vat: z.int(),
  gross: z.int(),
});

export const VatRate = z.object({
  code: z.string(),
  rateBp: z.int(),
  from: IsoDate,
  until: IsoDate.nullable(),
});
