import { describe, expect, it } from 'vitest';
import { ScannerBurst } from '../../renderer/src/shell/scanner-burst';

function feed(burst: ScannerBurst, text: string, startAt: number, gapMs: number) {
  let at = startAt;
  for (const key of text) burst.key(key, (at += gapMs));
  return burst.key('Enter', at + gapMs);
}

describe('a barcode scanner typing as a keyboard', () => {
  it('is recognised by a fast burst that ends with Enter', () => {
    expect(feed(new ScannerBurst(), 'MI01-2026-000042', 1000, 8)).toBe('MI01-2026-000042');
  });

  it('is not mistaken for a person typing, nor for a short burst', () => {
    expect(feed(new ScannerBurst(), 'MI01-2026-000042', 1000, 180)).toBeNull();
    expect(feed(new ScannerBurst(), 'abc', 1000, 5)).toBeNull();
  });

  it('starts again after a pause, so stray keys before a scan are not part of it', () => {
    const burst = new ScannerBurst();
    burst.key('x', 10);
    expect(feed(burst, '356938035643809', 2000, 10)).toBe('356938035643809');
  });
});
