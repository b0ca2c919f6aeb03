import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeTotals,
  divideHalfUp,
  netForGross,
  type PricedLine,
} from '../../../core/accounting/vat';
import { vatRatesOn } from '../../../core/accounting/vat-rates';

const line = fc.record({
  quantityMilli: fc.integer({ min: 1, max: 1_000_000 }),
  unitPrice: fc.integer({ min: 0, max: 1_000_000_000 }),
  vatRateBp: fc.constantFrom(0, 400, 500, 1000, 2000, 2200),
  free: fc.boolean(),
});

describe('money', () => {
  it('rounds VAT once per rate, half up, on the rate total', () => {
    // Three lines of 0.10 at 22 %: per-line VAT would be 3 × 0.02 = 0.06; on the total it is 0.07.
    const totals = computeTotals(
      Array.from({ length: 3 }, () => ({ quantityMilli: 1000, unitPrice: 10, vatRateBp: 2200 })),
    );
    expect(totals.perRate).toEqual([{ vatRateBp: 2200, net: 30, vat: 7, gross: 37 }]);
    // 0.25 × 22 % = 0.055 → 0.06 (half up); 0.5 of a cent on a line also rounds up.
    expect(computeTotals([{ quantityMilli: 1000, unitPrice: 25, vatRateBp: 2200 }]).vat).toBe(6);
    expect(computeTotals([{ quantityMilli: 500, unitPrice: 1, vatRateBp: 0 }]).net).toBe(1);
    expect(divideHalfUp(5n, 10n)).toBe(1n);
    expect(divideHalfUp(4n, 10n)).toBe(0n);
  });

  it('prices an agreed amount including VAT as the largest net not charging more', () => {
    // 25,00 € told at intake, 22 %: charged 25,00, not 25,00 + VAT.
    expect(netForGross(2500, 2200)).toBe(2049);
    expect(computeTotals([{ quantityMilli: 1000, unitPrice: 2049, vatRateBp: 2200 }]).gross).toBe(
      2500,
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.constantFrom(0, 400, 500, 1000, 2000, 2200),
        (gross, vatRateBp) => {
          const charged = (net: number) =>
            computeTotals([{ quantityMilli: 1000, unitPrice: net, vatRateBp }]).gross;
          const net = netForGross(gross, vatRateBp);
          // Never more than agreed, at most one minor unit less, and no larger net would fit.
          expect(charged(net)).toBeLessThanOrEqual(gross);
          expect(gross - charged(net)).toBeLessThanOrEqual(1);
          expect(charged(net + 1)).toBeGreaterThan(gross);
        },
      ),
    );
  });

  it('knows Russia moves from 20 % to 22 % on 1 January 2026', () => {
    const standard = (day: string) =>
      vatRatesOn('RU', day).find((r) => r.code === 'standard')!.rateBp;
    expect(standard('2025-12-31')).toBe(2000);
    expect(standard('2026-01-01')).toBe(2200);
  });

  it('always adds up: net + VAT = gross per rate and overall, VAT = half-up of the exact amount', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines: PricedLine[]) => {
        const totals = computeTotals(lines);
        for (const r of totals.perRate) {
          expect(r.net + r.vat).toBe(r.gross);
          const exactNet = lines
            .filter((l) => l.vatRateBp === r.vatRateBp)
            .reduce(
              (sum, l) =>
                sum +
                (l.free
                  ? 0n
                  : (BigInt(l.quantityMilli) * BigInt(l.unitPrice) * 2n + 1000n) / 2000n),
              0n,
            );
          expect(BigInt(r.net)).toBe(exactNet);
          // VAT − net × rate lies in (−½, +½] of a minor unit: an exact half rounds up.
          const twiceError = BigInt(r.vat) * 20_000n - BigInt(r.net) * BigInt(r.vatRateBp) * 2n;
          expect(twiceError > -10_000n && twiceError <= 10_000n).toBe(true);
        }
        expect(totals.net + totals.vat).toBe(totals.gross);
        expect(totals.perRate.reduce((s, r) => s + r.gross, 0)).toBe(totals.gross);
        for (const value of [
          totals.net,
          totals.vat,
          totals.gross,
          ...totals.lines.map((l) => l.net),
        ])
          expect(Number.isSafeInteger(value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
