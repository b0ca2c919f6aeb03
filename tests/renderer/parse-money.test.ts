import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorToDecimalString, parseMoney } from '../../renderer/src/money/parse-money';

describe('money typed at the counter', () => {
  it('becomes integer minor units from the decimal string, in either locale’s way of writing', () => {
    expect(parseMoney('12,50', 2)).toBe(1250);
    expect(parseMoney('12.5', 2)).toBe(1250);
    expect(parseMoney('0.10', 2)).toBe(10);
    expect(parseMoney('1.234,56', 2)).toBe(123456);
    expect(parseMoney('1,234.56', 2)).toBe(123456);
    expect(parseMoney('1 200', 2)).toBe(120000);
    expect(parseMoney('1.200', 2)).toBe(120000);
    expect(parseMoney('1\u00a0234,5', 2)).toBe(123450);
    expect(parseMoney('100', 0)).toBe(100);
    // 0.1 + 0.2 style amounts never go through a float.
    expect(parseMoney('19.99', 2)).toBe(1999);
    expect(parseMoney('1.005', 3)).toBe(1005);
  });

  it('is refused when it is not an amount or has more decimals than the currency', () => {
    for (const typed of ['', 'abc', '-5', '12,345,6x', '12.5.6,7', '1e5', '.5', '12,,5'])
      expect(parseMoney(typed, 2), typed).toBeNull();
    expect(parseMoney('12,555', 2)).toBe(1255500);
    expect(parseMoney('12,5555', 2)).toBeNull();
  });

  it('round-trips every amount a counter takes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.constantFrom(0, 2, 3),
        (minor, digits) => {
          expect(parseMoney(minorToDecimalString(minor, digits), digits)).toBe(minor);
        },
      ),
    );
  });
});
