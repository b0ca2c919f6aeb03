import { computeTotals } from '../accounting/vat';
import type { FieldIssue } from '../contract/errors';

/**
 * The rules of a hand-over that need no database: the desk's `handOver` applies them to what the
 * person entered, the server's `order.handover` to the rows a desk pushed. Pure.
 */

/** No warranty on work not done: a line of an unrepaired device (a diagnosis fee) carries none. */
export function unrepairedLineIssues(lines: readonly { warrantyMonths: number }[]): FieldIssue[] {
  return lines.flatMap((line, i) =>
    line.warrantyMonths > 0
      ? [{ path: `lines.${i}.warrantyMonths`, code: 'no_repair_no_warranty' }]
      : [],
  );
}

/** A line is free under our warranty only on an order that claims it (a warranty return). */
export function unclaimedFreeLineIssues(
  lines: readonly { free: boolean }[],
  claimed: boolean,
  field: string,
): FieldIssue[] {
  if (claimed) return [];
  return lines.flatMap((line, i) =>
    line.free ? [{ path: `lines.${i}.${field}`, code: 'no_warranty_claim' }] : [],
  );
}

/** The intake deposit counts towards the hand-over's gross, up to it; the rest is due. */
export function depositSplit(gross: number, deposit: number) {
  const depositApplied = Math.min(deposit, gross);
  return { depositApplied, amountDue: gross - depositApplied };
}

/**
 * The payments a hand-over records, as the desk writes them: the deposit applied (one row, when
 * there is one), then what the customer paid, each at least a cent, in the order's currency, adding
 * up to the lines' gross. The server checks a pushed hand-over's rows with it.
 */
export function handOverPaymentIssues(
  payments: readonly { method: string; amount: number; currency: string }[],
  order: { deposit: number; currency: string },
  lines: readonly {
    quantityMilli: number;
    unitPrice: number;
    vatRateBp: number;
    coveredByWarranty: boolean;
  }[],
): FieldIssue[] {
  const wrongCurrency = payments.findIndex((p) => p.currency !== order.currency);
  if (wrongCurrency >= 0)
    return [{ path: `payments.${wrongCurrency}.currency`, code: 'currency_mismatch' }];
  const gross = computeTotals(lines.map((l) => ({ ...l, free: l.coveredByWarranty }))).gross;
  const { depositApplied, amountDue } = depositSplit(gross, order.deposit);
  const deposits = payments.filter((p) => p.method === 'deposit');
  const paid = payments.filter((p) => p.method !== 'deposit');
  const depositOk =
    depositApplied > 0
      ? deposits.length === 1 && deposits[0]!.amount === depositApplied
      : deposits.length === 0;
  const paidOk =
    paid.every((p) => p.amount > 0) && paid.reduce((sum, p) => sum + p.amount, 0) === amountDue;
  return depositOk && paidOk ? [] : [{ path: 'payments', code: 'payments_mismatch' }];
}
