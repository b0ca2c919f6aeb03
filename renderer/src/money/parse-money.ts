/** Which separator, if any, marks the decimals in an amount typed with `.` and `,`. */
function decimalSeparatorIndex(compact: string, fractionDigits: number): number {
  const commas = compact.split(',').length - 1;
  const dots = compact.split('.').length - 1;
  if (commas + dots === 0) return -1;
  const last = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  // Both kinds ("1.234,50", "1,234.50"): the last one is the decimal mark.
  if (commas > 0 && dots > 0) return last;
  // One kind, repeated ("1.234.567"): grouping only.
  if (commas + dots > 1) return -1;
  // One separator followed by exactly three digits is grouping when the currency has fewer decimals.
  const tail = compact.length - last - 1;
  return tail === 3 && fractionDigits < 3 ? -1 : last;
}

/**
 * Money typed at the counter ("12,50", "1.234,5", "1 200") to integer minor units, built from
 * the decimal string itself: no floating point ever touches the amount. `null` when it is not an
 * amount or has more decimals than the currency has.
 */
export function parseMoney(typed: string, fractionDigits: number): number | null {
  const compact = typed.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(compact)) return null;
  const decimal = decimalSeparatorIndex(compact, fractionDigits);
  const grouped = decimal < 0 ? compact : compact.slice(0, decimal);
  // Grouping marks stand between groups of exactly three digits ("1.234.567").
  if (!/^\d+$|^\d{1,3}([.,]\d{3})+$/.test(grouped)) return null;
  const whole = grouped.replace(/[.,]/g, '');
  const fraction = decimal < 0 ? '' : compact.slice(decimal + 1);
  if (fraction.length > fractionDigits || !/^\d*$/.test(fraction)) return null;
  const minor = `${whole}${fraction.padEnd(fractionDigits, '0')}`.replace(/^0+(?=\d)/, '');
  if (minor === '' || minor.length > 15) return null;
  return Number(minor);
}

/** Integer minor units back to the plain decimal string a person edits ("12.50"). */
export function minorToDecimalString(minor: number, fractionDigits: number): string {
  if (fractionDigits === 0) return String(minor);
  const digits = String(minor).padStart(fractionDigits + 1, '0');
  return `${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}

/** How many decimals a currency has (2 for EUR and RUB, 0 for JPY). */
export function currencyFractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}
