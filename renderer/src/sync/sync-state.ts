import { clockSkewLimitMs } from '../../../core/contract/replication';
import type { SyncStatus } from '../../../core/contract/sync';

/** What the top bar says about replication, most urgent first. */
export type SyncState =
  'standalone' | 'updateRequired' | 'offline' | 'problem' | 'syncing' | 'online';

export function syncStateOf(status: SyncStatus): SyncState {
  if (!status.enrolled) return 'standalone';
  if (status.updateRequired) return 'updateRequired';
  if (!status.online) return 'offline';
  // The head office answered, but refused the round (revoked, a sequence it cannot follow…).
  if (status.lastError) return 'problem';
  if (status.remaining > 0) return 'syncing';
  return 'online';
}

export const syncStateColor: Record<SyncState, string> = {
  standalone: 'gray',
  updateRequired: 'red',
  offline: 'orange',
  problem: 'red',
  syncing: 'blue',
  online: 'green',
};

/** "2 minutes ago" in the desk's language; seconds under ten read as "now". */
export function relativeTime(
  at: number,
  now: number,
  language: string,
  style: Intl.RelativeTimeFormatStyle = 'long',
): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style });
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 10) return format.format(0, 'second');
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

/**
 * How far this desk's clock was off the head office's at the last sync (head office minus desk,
 * in ms), when that is beyond the limit the server flags too; otherwise null.
 */
export function clockOffBy(status: SyncStatus): number | null {
  const offset = status.clockOffsetMs;
  return offset !== null && Math.abs(offset) >= clockSkewLimitMs ? offset : null;
}

/**
 * A clock offset as people say it, in the desk's language and without its sign: "2 hours,
 * 5 minutes"; the two largest units only ("3 days, 4 hours").
 */
export function clockOffsetAmount(offsetMs: number, language: string): string {
  const totalMinutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amounts: [number, 'day' | 'hour' | 'minute'][] = [
    [Math.floor(totalMinutes / 1440), 'day'],
    [Math.floor((totalMinutes % 1440) / 60), 'hour'],
    [totalMinutes % 60, 'minute'],
  ];
  const first = Math.max(
    0,
    amounts.findIndex(([value]) => value > 0),
  );
  const shown = amounts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) =>
      new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value),
    );
  return new Intl.ListFormat(language, { style: 'long', type: 'unit' }).format(shown);
}

/** i18next keys cannot hold dots: `order.intake` is translated as `change.order_intake`. */
export function changeKey(name: string): string {
  return name.replaceAll('.', '_');
}

/**
 * Refusals whose reason is not the record itself (the customer erased, the desk's queue out of
 * step, a server that does not know the change): their general texts fit any kind of change.
 */
const aboutNoRecord = new Set(['erased', 'seq_mismatch', 'unknown_mutation']);

/**
 * Where the reason and the advice for a refused change are translated, most specific first.
 * Changes about orders read `rejection.<code>` ("open the order…"); a part, a stock movement, a
 * person or a customer has texts of its own (`rejectionFor.<change>.<code>`, then
 * `rejectionFor.<kind>.<code>`, then the kind's `other`), since order advice would send the
 * person to the wrong screen — except for refusals that are about no record (`aboutNoRecord`).
 */
export function rejectionTextKeys(
  name: string,
  code: string,
  subject: SubjectKind | null,
): string[] {
  if (!subject) return [`rejection.${code}`, 'rejection.other'];
  return [
    `rejectionFor.${changeKey(name)}.${code}`,
    `rejectionFor.${subject}.${code}`,
    ...(aboutNoRecord.has(code) ? [`rejection.${code}`] : []),
    `rejectionFor.${subject}.other`,
  ];
}

type SubjectKind = 'part' | 'stock' | 'person' | 'customer';

/** The kind of thing a change is about, from its name, when it is not an order. */
export function subjectKindOf(name: string): SubjectKind | null {
  if (name.startsWith('part.')) return 'part';
  if (name.startsWith('stock.')) return 'stock';
  if (name.startsWith('user.')) return 'person';
  if (name.startsWith('customer.')) return 'customer';
  return null;
}
