/**
 * Format checks for the tax ids a counter types in: Italian partita IVA and codice fiscale,
 * Russian ИНН. Pure, so forms and handlers run the very same check.
 */

/** Strips spaces, dots and dashes and upper-cases; drops an `IT` prefix from a VAT number. */
export function normaliseTaxId(raw: string): string {
  return raw.replace(/[\s.\-/]/g, '').toUpperCase();
}

/** Partita IVA: 11 digits, the last a Luhn-style check digit. An `IT` prefix is allowed. */
export function isValidItalianVatNumber(raw: string): boolean {
  const value = normaliseTaxId(raw).replace(/^IT/, '');
  if (!/^\d{11}$/.test(value) || value === '00000000000') return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = value.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === value.charCodeAt(10) - 48;
}

// Odd-position values of the codice fiscale check character (digits map as their letter).
const oddValues = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
// Digits that may be replaced by letters (omocodia) keep the pattern valid.
const cfPattern =
  /^[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]$/;

/** Codice fiscale of a person: 16 characters in the official pattern with its check letter. */
export function isValidItalianTaxCode(raw: string): boolean {
  const value = normaliseTaxId(raw);
  if (!cfPattern.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = value.charCodeAt(i);
    const index = c <= 57 ? c - 48 : c - 65;
    sum += i % 2 === 0 ? oddValues[index]! : index;
  }
  return String.fromCharCode(65 + (sum % 26)) === value[15];
}

function innCheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return (sum % 11) % 10;
}

/** ИНН: 10 digits (organisation) or 12 (person, sole trader), with their check digits. */
export function isValidRussianInn(raw: string): boolean {
  const value = normaliseTaxId(raw);
  if (/^\d{10}$/.test(value)) {
    return innCheckDigit(value, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === value.charCodeAt(9) - 48;
  }
  if (/^\d{12}$/.test(value)) {
    const first = innCheckDigit(value, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    const second = innCheckDigit(value, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    return first === value.charCodeAt(10) - 48 && second === value.charCodeAt(11) - 48;
  }
  return false;
}

export interface TaxIdIssue {
  field: 'taxId' | 'vatNumber';
  code: 'invalid_tax_code' | 'invalid_vat_number' | 'invalid_inn';
}

/**
 * Checks a customer's tax ids by the rules of the site's country. Italy: the tax id is a
 * codice fiscale (16 characters) or, for a company, its 11-digit number; the VAT number is a
 * partita IVA. Russia: both are an ИНН. Elsewhere the ids are taken as typed, and so is a
 * foreign VAT number (another country's two-letter prefix: a German or British customer at an
 * Italian counter).
 */
function isForeignVatNumber(raw: string, home: string): boolean {
  const prefix = /^([A-Z]{2})/.exec(raw.trim().toUpperCase())?.[1];
  return prefix !== undefined && prefix !== home;
}

export function taxIdIssues(
  country: string,
  ids: { taxId?: string | null | undefined; vatNumber?: string | null | undefined },
): TaxIdIssue[] {
  const issues: TaxIdIssue[] = [];
  if (country === 'IT') {
    if (ids.taxId && !isValidItalianTaxCode(ids.taxId) && !isValidItalianVatNumber(ids.taxId))
      issues.push({ field: 'taxId', code: 'invalid_tax_code' });
    if (
      ids.vatNumber &&
      !isForeignVatNumber(ids.vatNumber, 'IT') &&
      !isValidItalianVatNumber(ids.vatNumber)
    )
      issues.push({ field: 'vatNumber', code: 'invalid_vat_number' });
  } else if (country === 'RU') {
    if (ids.taxId && !isValidRussianInn(ids.taxId))
      issues.push({ field: 'taxId', code: 'invalid_inn' });
    if (
      ids.vatNumber &&
      !isForeignVatNumber(ids.vatNumber, 'RU') &&
      !isValidRussianInn(ids.vatNumber)
    )
      issues.push({ field: 'vatNumber', code: 'invalid_inn' });
  }
  return issues;
}
