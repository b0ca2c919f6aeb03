import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from './DeskContext';
import { fileSizeFormatter } from './file-size';

/**
 * Dates and money in the site's locale, time zone and currency (not the browser's); file sizes in
 * the UI language.
 */
export function useSiteFormat() {
  const { site } = useDesk();
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
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
    return {
      /** An instant (ms UTC) as the site's wall clock. */
      dateTime: (ms: number) => dateTime.format(ms),
      /** A calendar date `YYYY-MM-DD`, already in the site's zone. */
      isoDate: (iso: string) => date.format(new Date(`${iso}T00:00:00Z`)),
      /** Integer minor units (cents, kopecks). */
      money: (minor: number) => money.format(minor / 10 ** fractionDigits),
      /** A file's size, in the UI language (`file-size.ts`). */
      fileSize: fileSizeFormatter(language),
    };
  }, [site.locale, site.timezone, site.currency, language]);
}
