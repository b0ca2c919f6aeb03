import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yearAt } from '../../../core/orders/numbering';

// yearAt remembers the bounds of the last year it computed per zone; it must still answer
// exactly what the zone's calendar says, on either side of every New Year.
const zones = ['Europe/Rome', 'Europe/Moscow', 'America/New_York', 'Pacific/Kiritimati', 'UTC'];
const fresh = (instant: number, zone: string) => new TZDate(instant, zone).getFullYear();

describe('yearAt', () => {
  it('is the calendar year in the site zone, for any instant in any order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones)),
          { minLength: 1, maxLength: 20 },
        ),
        (calls) => calls.every(([instant, zone]) => yearAt(instant, zone) === fresh(instant, zone)),
      ),
      { numRuns: 500 },
    );
  });

  it('turns over exactly at local midnight on 1 January', () => {
    for (const zone of zones)
      for (let year = 2020; year <= 2030; year++) {
        const newYear = new TZDate(year, 0, 1, zone).getTime();
        for (const instant of [newYear - 1, newYear, newYear + 1, newYear - 1])
          expect(yearAt(instant, zone)).toBe(fresh(instant, zone));
      }
  });
});
