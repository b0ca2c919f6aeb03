import type { FieldIssue } from '../contract/errors';

/**
 * VAT rates in force per country, as dated data: a rate applies from `from` (inclusive) until
 * `until` (inclusive) when set. Rates are in basis points (22 % = 2200). A change in the law is
 * a new row here, never an edit of code that uses rates.
 */
export interface VatRateRow {
  country: string;
  code: 'standard' | 'reduced' | 'super_reduced' | 'minimum';
  rateBp: number;
  from: string;
  until?: string;
}

export const vatRateTable: readonly VatRateRow[] = [
  { country: 'IT', code: 'standard', rateBp: 2200, from: '2013-10-01' },
  { country: 'IT', code: 'reduced', rateBp: 1000, from: '1995-02-24' },
  { country: 'IT', code: 'super_reduced', rateBp: 500, from: '2016-01-01' },
  { country: 'IT', code: 'minimum', rateBp: 400, from: '1989-01-01' },
  { country: 'RU', code: 'standard', rateBp: 2000, from: '2019-01-01', until: '2025-12-31' },
  { country: 'RU', code: 'standard', rateBp: 2200, from: '2026-01-01' },
  { country: 'RU', code: 'reduced', rateBp: 1000, from: '2004-01-01' },
];

/** The rates in force in a country on a day (ISO `YYYY-MM-DD` in the site's zone). */
export function vatRatesOn(country: string, day: string): VatRateRow[] {
  return vatRateTable.filter(
    (row) =>
      row.country === country && row.from <= day && (row.until === undefined || day <= row.until),
  );
}

/**
 * Lines whose VAT rate is not in force in the country on the day (in the site's zone) they were
 * priced: the desk asks it of what is typed today, the server of a pushed line's own day, so a
 * line priced offline before a change in the law keeps the rate it was priced at. A country
 * without rates in the table (a new market) takes the rates typed.
 */
export function vatRateIssues(
  country: string,
  day: string,
  lines: readonly { vatRateBp: number }[],
  path = 'lines',
): FieldIssue[] {
  const allowed = new Set(vatRatesOn(country, day).map((r) => r.rateBp));
  if (allowed.size === 0) return [];
  return lines.flatMap((line, i) =>
    allowed.has(line.vatRateBp)
      ? []
      : [
          {
            path: `${path}.${i}.vatRateBp`,
            code: 'vat_rate_not_in_force',
            params: { rateBp: line.vatRateBp },
          },
        ],
  );
}
