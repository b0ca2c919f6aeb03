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

/** The failed rounds the sync drawer explains in their own words; any other says its code. */
const knownProblems = new Set([
  'offline',
  'push_gap',
  'push_seq_mismatch',
  // This desk was updated before the head office's server: its changes wait for that update.
  'push_server_update_required',
  'unauthenticated',
  'photo_upload_stalled',
  'pull_apply_failed',
  'pull_cursor_ahead',
]);

/** The key under `sync:error.` that explains a round's `lastError`. */
export function syncProblemKey(lastError: string): string {
  return knownProblems.has(lastError) ? lastError : 'other';
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
