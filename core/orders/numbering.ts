import { TZDate } from '@date-fns/tz';
import { eq, sql } from 'drizzle-orm';
import { numberSeries, settings } from '../db/schema';
import type { Db } from '../db/open';
import type { Tx } from '../sync/outbox';

export type SeriesKind = 'order' | 'invoice' | 'credit_note' | 'transfer';

/**
 * The setting that holds the code this desk numbers its orders under, when enrolment gave it one:
 * a site's further counter has a series of its own (`MI01B`). Otherwise the site's own code.
 */
export const seriesCodeKey = 'seriesCode';

export function deskSeriesCode(tx: Tx | Db, site: { code: string }): string {
  const row = tx.select().from(settings).where(eq(settings.key, seriesCodeKey)).get();
  return typeof row?.value === 'string' ? row.value : site.code;
}

/** The last year asked for in each zone, with its bounds: every intake asks, nearly always the same. */
const knownYears = new Map<string, { year: number; from: number; to: number }>();

/** The calendar year of an instant in the site's own time zone: series restart on 1 January there. */
export function yearAt(instant: number, timezone: string): number {
  const known = knownYears.get(timezone);
  if (known && instant >= known.from && instant < known.to) return known.year;
  const year = new TZDate(instant, timezone).getFullYear();
  knownYears.set(timezone, {
    year,
    from: new TZDate(year, 0, 1, timezone).getTime(),
    to: new TZDate(year + 1, 0, 1, timezone).getTime(),
  });
  return year;
}

/**
 * Takes the next number of a site's series. Must run inside the transaction that stores the
 * numbered row: if that rolls back, so does the number, so the series has no gaps.
 */
export function allocateSeriesNumber(
  tx: Tx,
  siteId: string,
  kind: SeriesKind,
  year: number,
): number {
  const row = tx
    .insert(numberSeries)
    .values({ siteId, kind, year, last: 1 })
    .onConflictDoUpdate({
      target: [numberSeries.siteId, numberSeries.kind, numberSeries.year],
      set: { last: sql`${numberSeries.last} + 1` },
    })
    .returning({ last: numberSeries.last })
    .get();
  return row.last;
}

/**
 * Takes `count` consecutive numbers at once (for loading demo data); returns the first.
 * The same rule as `allocateSeriesNumber`: inside the transaction that stores the rows.
 */
export function allocateSeriesRange(
  tx: Tx,
  siteId: string,
  kind: SeriesKind,
  year: number,
  count: number,
): number {
  const row = tx
    .insert(numberSeries)
    .values({ siteId, kind, year, last: count })
    .onConflictDoUpdate({
      target: [numberSeries.siteId, numberSeries.kind, numberSeries.year],
      set: { last: sql`${numberSeries.last} + ${count}` },
    })
    .returning({ last: numberSeries.last })
    .get();
  return row.last - count + 1;
}

export { formatOrderNumber, parseOrderNumber } from './order-number';
