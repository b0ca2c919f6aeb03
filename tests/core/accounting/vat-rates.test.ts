import { describe, expect, it } from 'vitest';
import { vatRateIssues } from '../../../core/accounting/vat-rates';
import { siteDay } from '../../../core/orders/site-day';

describe('a VAT rate is judged on the day the line was priced', () => {
  it('a line priced in Moscow on 31 Dec 2025 at 20 % keeps it when it reaches the head office in 2026', () => {
    // 23:30 in Moscow on 31 December is still 2025 there (20:30 UTC).
    const priced = Date.UTC(2025, 11, 31, 20, 30);
    const day = siteDay(priced, 'Europe/Moscow');
    expect(day).toBe('2025-12-31');
    expect(vatRateIssues('RU', day, [{ vatRateBp: 2000 }])).toEqual([]);
    // Priced on the first day of the new rate, the old one is refused.
    const next = siteDay(Date.UTC(2025, 11, 31, 21, 30), 'Europe/Moscow');
    expect(vatRateIssues('RU', next, [{ vatRateBp: 2000 }, { vatRateBp: 2200 }])).toEqual([
      { path: 'lines.0.vatRateBp', code: 'vat_rate_not_in_force', params: { rateBp: 2000 } },
    ]);
  });

  it('a country without rates in the table takes the rates typed', () => {
    expect(vatRateIssues('ZZ', '2026-12-07', [{ vatRateBp: 1234 }])).toEqual([]);
  });
});
