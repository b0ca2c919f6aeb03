import { useMemo } from 'react';
import { useDesk } from './DeskContext';

/** Dates and money in the site's locale, time zone and currency (not the browser's). */
export function useSiteFormat() {
  const { site } = useDesk();
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(site.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: site.timezone,
    });
    // Numeric, so a date never mixes the site's month names into another UI language.
    const date = new Intl.DateTimeFormat(site.locale, { dateStyle: 'short', timeZone: 'UTC' });
    const money = new Intl.NumberFormat(site.locale, {
      style: 'currency',
      currency: site.currency,
    });
    const fractionDigits = money.resolvedOptions().maximumFractionDigits ?? 2;
    const unit = (name: 'kilobyte' | 'megabyte') =>
      new Intl.NumberFormat(site.locale, { style: 'unit', unit: name, maximumFractionDigits: 1 });
    const kilobytes = unit('kilobyte');
    const megabytes = unit('megabyte');
    return {
      /** An instant (ms UTC) as the site's wall clock. */
      dateTime: (ms: number) => dateTime.format(ms),
      /** A calendar date `YYYY-MM-DD`, already in the site's zone. */
      isoDate: (iso: string) => date.format(new Date(`${iso}T00:00:00Z`)),
      /** Integer minor units (cents, kopecks). */
      money: (minor: number) => money.format(minor / 10 ** fractionDigits),
      /** A file's size: kB under a megabyte, MB from there (binary units, as file managers do). */
      fileSize: (bytes: number) =>
        bytes < 1024 ** 2
          ? kilobytes.format(Math.max(0.1, bytes / 1024))
          : megabytes.format(bytes / 1024 ** 2),
    };
  }, [site.locale, site.timezone, site.currency]);
}
