import { vatRateIssues } from '../../core/accounting/vat-rates';
import { computeTotals } from '../../core/accounting/vat';
import { siteDay } from '../../core/orders/site-day';
import { readRecord } from '../records';
import { Rejection, type ApplyContext } from './types';

/**
 * Each pushed line's VAT rate is one in force in the pushing site's country on the day, in the
 * site's zone, that the line was priced (its `createdAt`): the rule the desk applied when it
 * priced it, so a line priced offline before a change in the law keeps its rate.
 */
export async function checkLineRates(
  ctx: ApplyContext,
  lines: readonly { vatRateBp: number; createdAt: number }[],
  field = 'lines',
): Promise<void> {
  if (!lines.length) return;
  const site = await readRecord(ctx.tx, 'sites', ctx.desk.siteId);
  const { country, timezone } = (site?.data ?? {}) as { country?: string; timezone?: string };
  if (!country || !timezone) return;
  for (const [i, line] of lines.entries()) {
    const [issue] = vatRateIssues(country, siteDay(line.createdAt, timezone), [line]);
    if (issue)
      throw new Rejection('validation', {
        field: `${field}.${i}.vatRateBp`,
        issue: issue.code,
        rateBp: line.vatRateBp,
      });
  }
}

/** The lines' gross (lines under warranty free), or a refusal for an absurd amount. */
export function grossOf(
  lines: readonly {
    quantityMilli: number;
    unitPrice: number;
    vatRateBp: number;
    coveredByWarranty?: boolean | undefined;
  }[],
): number {
  try {
    return computeTotals(lines.map((l) => ({ ...l, free: l.coveredByWarranty ?? false }))).gross;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new Rejection('validation', { field: 'lines', issue: 'amount_out_of_range' });
  }
}
