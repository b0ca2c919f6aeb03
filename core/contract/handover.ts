import { z } from 'zod';
import { Id, Money, optionalText, requiredText } from './common';
import { method } from './define';
import { WarrantySlip } from './devices';
import { LineInput, LineRecord, Totals } from './lines';
import { OrderStatus } from './orders';
import { counterStaff, everyone } from './roles';

export const paymentMethods = ['cash', 'card', 'bank_transfer'] as const;

export const FinalLineInput = LineInput.extend({
  /** This line redoes the repair claimed under our warranty: free, and its end date is kept. */
  underWarrantyClaim: z.boolean().default(false),
});

export const HandOverInput = z.object({
  orderId: Id,
  expectedStatus: OrderStatus.default('ready_for_pickup'),
  /** Empty for a device left only for testing. */
  lines: z.array(FinalLineInput).max(200),
  payments: z.array(z.object({ method: z.enum(paymentMethods), amount: Money.min(1) })).max(10),
  /** The version of the warranty terms printed on the slip. */
  termsVersion: requiredText(40),
  note: optionalText(500),
});
export type HandOverInput = z.input<typeof HandOverInput>;

export const HandOverRecord = z.object({
  orderId: Id,
  number: z.string(),
  status: OrderStatus,
  closedAt: z.int().nullable(),
  currency: z.string(),
  lines: z.array(LineRecord),
  totals: Totals,
  /** The intake deposit counted towards the total, and what is given back when it exceeds it. */
  depositApplied: z.int(),
  depositRefund: z.int(),
  amountDue: z.int(),
  payments: z.array(z.object({ id: Id, method: z.string(), amount: z.int() })),
  slip: WarrantySlip.nullable(),
});
export type HandOverRecord = z.infer<typeof HandOverRecord>;

export const handOverMethods = {
  handOver: method({
    summary:
      'Give the device back: final lines with VAT, payments adding up to the amount due, warranty slip, order closed.',
    kind: 'mutation',
    input: HandOverInput,
    output: HandOverRecord,
    roles: counterStaff,
  }),
  getHandOver: method({
    summary: "A handed-over order's final lines, payments and warranty slip (for reprints).",
    kind: 'query',
    input: z.object({ orderId: Id }),
    output: HandOverRecord,
    roles: everyone,
  }),
};
