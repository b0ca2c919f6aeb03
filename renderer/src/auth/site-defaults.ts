/**
 * What a new site starts with for the countries Sportello's documents are written for (Italy,
 * San Marino, Russia, and the EU countries whose customers the Italian desks serve most). Every
 * value stays editable; a country not listed keeps what the form has.
 */
export interface CountryDefaults {
  currency: string;
  timezone: string;
  locale: string;
}

const byCountry: Record<string, CountryDefaults> = {
  IT: { currency: 'EUR', timezone: 'Europe/Rome', locale: 'it-IT' },
  SM: { currency: 'EUR', timezone: 'Europe/San_Marino', locale: 'it-SM' },
  VA: { currency: 'EUR', timezone: 'Europe/Vatican', locale: 'it-VA' },
  RU: { currency: 'RUB', timezone: 'Europe/Moscow', locale: 'ru-RU' },
  AT: { currency: 'EUR', timezone: 'Europe/Vienna', locale: 'de-AT' },
  BE: { currency: 'EUR', timezone: 'Europe/Brussels', locale: 'fr-BE' },
  DE: { currency: 'EUR', timezone: 'Europe/Berlin', locale: 'de-DE' },
  ES: { currency: 'EUR', timezone: 'Europe/Madrid', locale: 'es-ES' },
  FR: { currency: 'EUR', timezone: 'Europe/Paris', locale: 'fr-FR' },
  GR: { currency: 'EUR', timezone: 'Europe/Athens', locale: 'el-GR' },
  HR: { currency: 'EUR', timezone: 'Europe/Zagreb', locale: 'hr-HR' },
  IE: { currency: 'EUR', timezone: 'Europe/Dublin', locale: 'en-IE' },
  MT: { currency: 'EUR', timezone: 'Europe/Malta', locale: 'en-MT' },
  NL: { currency: 'EUR', timezone: 'Europe/Amsterdam', locale: 'nl-NL' },
  PT: { currency: 'EUR', timezone: 'Europe/Lisbon', locale: 'pt-PT' },
  SI: { currency: 'EUR', timezone: 'Europe/Ljubljana', locale: 'sl-SI' },
};

export function countryDefaults(country: string): CountryDefaults | undefined {
  return byCountry[country.trim().toUpperCase()];
}

/**
 * The time zone a new site starts in: the computer's, where it is a place; a computer kept on
 * UTC (many are, servers and freshly installed PCs) would otherwise give an Italian counter
 * receipts an hour or two off, so there the country's zone is taken.
 */
export function initialTimeZone(computerZone: string | undefined, country: string): string {
  const placed = computerZone && computerZone.includes('/') && !computerZone.startsWith('Etc/');
  return placed ? computerZone : (countryDefaults(country)?.timezone ?? 'Europe/Rome');
}

/**
 * The fields that follow a change of country: those still holding a value this table would have
 * set (so not typed by the person) take the new country's; anything typed stays, also while the
 * code is typed letter by letter through unknown ones ("R", then "RU").
 */
export function followCountry<F extends CountryDefaults & { country: string }>(
  form: F,
  country: string,
): F {
  const after = countryDefaults(country);
  const next = { ...form, country };
  if (!after) return next;
  for (const key of ['currency', 'timezone', 'locale'] as const)
    if (Object.values(byCountry).some((defaults) => defaults[key] === form[key]))
      next[key] = after[key];
  return next;
}
