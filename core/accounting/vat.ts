/**
 * The one place money is added up. Amounts are integer minor units; quantities are in
 * thousandths; VAT rates in basis points. Unit prices are net of VAT.
 *
 * The rule: each line's net is quantity × unit price, rounded half-up to the minor unit;
 * lines are summed per VAT rate; the VAT of each rate is computed once on that rate's net
 * total and rounded half-up; gross = net + VAT, per rate and overall. Products go through
 * BigInt, so no amount ever passes through a float.
 */
export interface PricedLine {
  quantityMilli: number;
  unitPrice: number;
  vatRateBp: number;
  /** A line repaired under our warranty is listed but not charged. */
  free?: boolean;
}

export interface RateTotal {
  vatRateBp: number;
  net: number;
  vat: number;
  gross: number;
}

export interface MoneyTotals {
  lines: { net: number }[];
  perRate: RateTotal[];
  net: number;
  vat: number;
  gross: number;
}

/** numerator / denominator rounded half-up, for non-negative numerator and positive denominator. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n)
    throw new RangeError('divideHalfUp takes non-negative amounts');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount out of range');
  return Number(value);
}

export function lineNet(line: PricedLine): number {
  if (line.free) return 0;
  return toSafeNumber(divideHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPrice), 1000n));
}

export function computeTotals(lines: readonly PricedLine[]): MoneyTotals {
  const netByRate = new Map<number, bigint>();
  const lineNets = lines.map((line) => {
    const net = lineNet(line);
    netByRate.set(line.vatRateBp, (netByRate.get(line.vatRateBp) ?? 0n) + BigInt(net));
    return { net };
  });
  const perRate = [...netByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatRateBp, net]): RateTotal => {
      const vat = divideHalfUp(net * BigInt(vatRateBp), 10_000n);
      return {
        vatRateBp,
        net: toSafeNumber(net),
        vat: toSafeNumber(vat),
        gross: toSafeNumber(net + vat),
      };
    });
  const sum = (pick: (r: RateTotal) => number) =>
    toSafeNumber(perRate.reduce((acc, r) => acc + BigInt(pick(r)), 0n));
  return {
    lines: lineNets,
    perRate,
    net: sum((r) => r.net),
    vat: sum((r) => r.vat),
    gross: sum((r) => r.gross),
  };
}

/**
 * The unit price, net of VAT, of one item whose price including VAT was agreed with the
 * customer (a diagnosis fee told at intake): the largest net whose gross at `vatRateBp` is not
 * over `gross`. Rounding can make a gross unreachable by one minor unit; the customer is then
 * charged one unit less, never more than agreed.
 */
export function netForGross(gross: number, vatRateBp: number): number {
  if (
    !Number.isSafeInteger(gross) ||
    gross < 0 ||
    !Number.isSafeInteger(vatRateBp) ||
    vatRateBp < 0
  )
    throw new RangeError('netForGross takes a non-negative amount and rate');
  const grossOf = (net: bigint) => net + divideHalfUp(net * BigInt(vatRateBp), 10_000n);
  const target = BigInt(gross);
  let net = divideHalfUp(target * 10_000n, 10_000n + BigInt(vatRateBp));
  while (net > 0n && grossOf(net) > target) net--;
  while (grossOf(net + 1n) <= target) net++;
  return toSafeNumber(net);
}
