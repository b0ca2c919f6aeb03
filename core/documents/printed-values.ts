/** How the site writes money and dates: Intl in the site's locale, currency and time zone. */
export interface SiteLocale {
  locale: string;
  currency: string;
  timezone: string;
}

// Roboto has no narrow no-break space (U+202F) that some locales use; a plain no-break space prints.
const printable = (text: string) => text.replaceAll('\u202f', '\u00a0');

export function formatMoney(minorUnits: number, site: SiteLocale): string {
  const format = new Intl.NumberFormat(site.locale, { style: 'currency', currency: site.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return printable(format.format(minorUnits / 10 ** digits));
}

/** An ISO `YYYY-MM-DD` calendar date, already in the site's zone. */
export function formatIsoDate(isoDate: string, site: SiteLocale): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const instant = Date.UTC(year!, month! - 1, day!);
  return printable(
    new Intl.DateTimeFormat(site.locale, {
      timeZone: 'UTC',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(instant),
  );
}

/** An instant (ms UTC) as the site's wall-clock date and time. */
export function formatDateTime(instant: number, site: SiteLocale): string {
  return printable(
    new Intl.DateTimeFormat(site.locale, {
      timeZone: site.timezone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(instant),
  );
}

/** The site's calendar date (`YYYY-MM-DD`) of an instant. */
export function isoDateAt(instant: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return parts;
}
