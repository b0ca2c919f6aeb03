import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** A stored E.164 number as people read it (`+39 347 555 0199`); anything else as it is. */
export function displayPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
