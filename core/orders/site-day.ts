import { TZDate } from '@date-fns/tz';
import { addMonths, format, parseISO } from 'date-fns';

/** The calendar day (`YYYY-MM-DD`) of an instant on the site's wall clock. */
export function siteDay(instant: number, timezone: string): string {
  return format(new TZDate(instant, timezone), 'yyyy-MM-dd');
}

/**
 * The day a warranty of `months` starting on `day` ends: the same day-of-month `months` later,
 * or the month's last day when it has no such day (31 January + 1 month = 28/29 February).
 */
export function addMonthsToDay(day: string, months: number): string {
  return format(addMonths(parseISO(day), months), 'yyyy-MM-dd');
}
