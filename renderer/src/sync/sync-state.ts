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

/** i18next keys cannot hold dots: `order.intake` is translated as `change.order_intake`. */
export function changeKey(name: string): string {
  return name.replaceAll('.', '_');
}
