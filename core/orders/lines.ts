import { asc, inArray } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { vatRateIssues } from '../accounting/vat-rates';
import { computeTotals } from '../accounting/vat';
import { DomainError } from '../contract/errors';
import type { LineInput } from '../contract/lines';
import type { Db } from '../db/open';
import { orderLines } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import type { Tx } from '../sync/outbox';
import { siteDay } from './site-day';

type LineRow = typeof orderLines.$inferSelect;
export type NewLine = Required<Omit<LineInput, 'partId'>> & { partId?: string | undefined };

/** Every line must carry a VAT rate in force today in the site's country (`vatRateIssues`). */
export function checkVatRates(
  ctx: HandlerContext,
  lines: readonly NewLine[],
  path = 'lines',
): void {
  const day = siteDay(ctx.now(), ctx.site.timezone);
  const issues = vatRateIssues(ctx.site.country, day, lines, path);
  if (issues.length) throw new DomainError('validation', undefined, issues);
}

/** Totals of lines about to be written; an overflow is the user's absurd amount, not a crash. */
export function totalsOf(
  lines: readonly {
    quantityMilli: number;
    unitPrice: number;
    vatRateBp: number;
    coveredByWarranty?: boolean;
  }[],
) {
  try {
    return computeTotals(lines.map((l) => ({ ...l, free: l.coveredByWarranty ?? false })));
  } catch (error) {
    if (error instanceof RangeError) throw new DomainError('amount_out_of_range');
    throw error;
  }
}

export function insertLines(
  tx: Tx,
  ctx: HandlerContext,
  orderId: string,
  estimateId: string | null,
  lines: readonly (NewLine & { coveredByWarranty?: boolean })[],
): LineRow[] {
  const now = ctx.now();
  const rows: LineRow[] = lines.map((line) => ({
    id: uuidv7(),
    originSiteId: ctx.site.id,
    createdAt: now,
    updatedAt: now,
    orderId,
    estimateId,
    kind: line.kind,
    description: line.description,
    partId: line.partId ?? null,
    quantityMilli: line.quantityMilli,
    unitPrice: line.unitPrice,
    vatRateBp: line.vatRateBp,
    warrantyMonths: line.warrantyMonths,
    coveredByWarranty: line.coveredByWarranty ?? false,
  }));
  if (rows.length) tx.insert(orderLines).values(rows).run();
  return rows;
}

export function lineRecords(rows: readonly LineRow[]) {
  const totals = totalsOf(rows);
  const lines = rows.map((row, i) => ({
    id: row.id,
    kind: row.kind,
    description: row.description,
    ...(row.partId ? { partId: row.partId } : {}),
    quantityMilli: row.quantityMilli,
    unitPrice: row.unitPrice,
    vatRateBp: row.vatRateBp,
    warrantyMonths: row.warrantyMonths,
    coveredByWarranty: row.coveredByWarranty,
    net: totals.lines[i]!.net,
  }));
  const { lines: _lines, ...rest } = totals;
  return { lines, totals: rest };
}

export function linesByEstimate(db: Db | Tx, estimateIds: string[]): Map<string, LineRow[]> {
  const rows = estimateIds.length
    ? db
        .select()
        .from(orderLines)
        .where(inArray(orderLines.estimateId, estimateIds))
        .orderBy(asc(orderLines.createdAt), asc(orderLines.id))
        .all()
    : [];
  const byEstimate = new Map<string, LineRow[]>();
  for (const row of rows) {
    const list = byEstimate.get(row.estimateId!) ?? [];
    list.push(row);
    byEstimate.set(row.estimateId!, list);
  }
  return byEstimate;
}
