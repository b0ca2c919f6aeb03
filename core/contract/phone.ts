import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * Normalises a phone number typed at the counter to E.164, reading national numbers in the
 * site's region. Returns null when it is not a valid phone number.
 */
export function normalisePhone(raw: string, defaultRegion: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** Digits of a phone number, as the search index stores them. */
export function phoneDigits(raw: string): string {
  return raw.replace(/\D/g, '');
}

/** A cheap check the schema can make without knowing the site's region; the handler does the rest. */
export function looksLikePhone(raw: string): boolean {
  const digits = phoneDigits(raw).length;
  return /^[\d\s+\-()./]+$/.test(raw) && digits >= 6 && digits <= 15;
}
