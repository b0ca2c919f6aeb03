import { describe, expect, it } from 'vitest';
import { parsePieces } from '../../renderer/src/screens/stock/pieces';

describe('pieces typed at the stock screen', () => {
  it('become thousandths of a piece without floating point', () => {
    expect(parsePieces('3')).toBe(3000);
    expect(parsePieces('0,5')).toBe(500);
    expect(parsePieces('0.5')).toBe(500);
    expect(parsePieces(' 1,25 ')).toBe(1250);
    expect(parsePieces('0.001')).toBe(1);
  });

  it('take a sign for corrections: minus removes, plus adds', () => {
    expect(parsePieces('-1')).toBe(-1000);
    expect(parsePieces('− 2')).toBe(-2000);
    expect(parsePieces('+4')).toBe(4000);
    expect(parsePieces('-0')).toBe(0);
  });

  it('refuse what is not a quantity', () => {
    expect(parsePieces('')).toBeNull();
    expect(parsePieces('abc')).toBeNull();
    expect(parsePieces('1.2345')).toBeNull();
    expect(parsePieces('--1')).toBeNull();
  });
});
