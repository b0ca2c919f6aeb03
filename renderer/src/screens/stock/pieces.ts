import { parseMoney } from '../../money/parse-money';

/**
 * Pieces as typed at the counter ("3", "0,5", "-1") to thousandths of a piece, built from the
 * digits as money is (no floating point). `null` when it is not a quantity or has more than three
 * decimals; a leading minus (or the typographic one) makes it negative.
 */
export function parsePieces(typed: string): number | null {
  const trimmed = typed.trim().replace(/^[\u2212\u2013]/, '-');
  const negative = trimmed.startsWith('-');
  const milli = parseMoney(trimmed.replace(/^[+-]\s*/, ''), 3);
  if (milli === null) return null;
  return negative && milli !== 0 ? -milli : milli;
}
