import { z } from 'zod';
import { Id, optionalText } from './common';
import { method } from './define';
import { LineInput, LineRecord, Totals, VatRate } from './lines';
import { everyone } from './roles';
import { workflowStaff } from './workflow';

export const approvalChannels = ['phone', 'in_person', 'email', 'sms'] as const;

export const Estimate = z.object({
  id: Id,
  orderId: Id,
  state: z.enum(['pending', 'approved', 'declined']),
  lines: z.array(LineRecord),
  totals: Totals,
  answeredVia: z.enum(approvalChannels).nullable(),
  answeredAt: z.int().nullable(),
  answeredBy: z.string().nullable(),
  answeredByName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.int(),
});
export type Estimate = z.infer<typeof Estimate>;

export const estimateMethods = {
  saveEstimate: method({
    summary:
      'Price the repair (labour and parts) and put the order in wait for the customer’s answer.',
    kind: 'mutation',
    input: z.object({
      orderId: Id,
      lines: z.array(LineInput).min(1).max(200),
      note: optionalText(1000),
    }),
    output: Estimate,
    roles: workflowStaff,
  }),
  recordApproval: method({
    summary:
      "Record the customer's answer to an estimate: approved or declined, how, when and to whom.",
    kind: 'mutation',
    input: z.object({
      estimateId: Id,
      decision: z.enum(['approved', 'declined']),
      via: z.enum(approvalChannels),
      /** When the customer answered (ms UTC); not in the future. */
      at: z.int().min(0),
      note: optionalText(1000),
    }),
    output: Estimate,
    roles: workflowStaff,
  }),
  listEstimates: method({
    summary: "An order's estimates with lines, totals and answers, newest first.",
    kind: 'query',
    input: z.object({ orderId: Id }),
    output: z.array(Estimate),
    roles: everyone,
  }),
  getVatRates: method({
    summary: "The VAT rates in force today in this site's country.",
    kind: 'query',
    input: z.object({}).default({}),
    output: z.array(VatRate),
    roles: everyone,
  }),
};
