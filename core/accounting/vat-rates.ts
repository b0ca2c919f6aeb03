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
