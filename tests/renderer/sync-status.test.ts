import { describe, expect, it } from 'vitest';
import { mutationAppliers } from '../../server/mutations';
import { rejectionCodes } from '../../core/contract/replication';
import type { SyncStatus } from '../../core/contract/sync';
import { resources } from '../../renderer/src/i18n/resources';
import { changeKey } from '../../core/sync/refusal-texts';
import {
  clockOffBy,
  clockOffsetAmount,
  relativeTime,
  syncStateOf,
} from '../../renderer/src/sync/sync-state';

const status = (patch: Partial<SyncStatus>): SyncStatus => ({
  enrolled: true,
  serverUrl: 'https://sede.example',
  deskId: '0196f3a2-7c1e-7d4b-9a10-5c2f8e3b6a41',
  online: true,
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  waiting: 0,
  updateRequired: false,
  remaining: 0,
  redownloading: false,
  searchNarrowed: false,
  clockOffsetMs: null,
  unhandled: 0,
  rejected: [],
  ...patch,
});

describe('the sync status in the top bar', () => {
  it('says the most urgent thing first', () => {
    expect(syncStateOf(status({ enrolled: false, online: false }))).toBe('standalone');
    expect(syncStateOf(status({ updateRequired: true, online: false }))).toBe('updateRequired');
    expect(syncStateOf(status({ online: false, remaining: 10 }))).toBe('offline');
    // Reached, but refused: a revoked desk must not look online.
    expect(syncStateOf(status({ lastError: 'unauthenticated', remaining: 10 }))).toBe('problem');
    expect(syncStateOf(status({ online: false, lastError: 'offline' }))).toBe('offline');
    expect(syncStateOf(status({ remaining: 10 }))).toBe('syncing');
    expect(syncStateOf(status({ waiting: 3 }))).toBe('online');
  });

  it('tells the last sync as a relative time in the desk language', () => {
    const now = Date.UTC(2026, 10, 26, 12);
    expect(relativeTime(now - 3_000, now, 'en')).toBe('now');
    expect(relativeTime(now - 120_000, now, 'en')).toBe('2 minutes ago');
    expect(relativeTime(now - 120_000, now, 'it')).toBe('2 minuti fa');
    expect(relativeTime(now - 3 * 3_600_000, now, 'ru')).toBe('3 часа назад');
  });

  it('warns of a clock off by five minutes or more, either way, and not before a server said', () => {
    expect(clockOffBy(status({ clockOffsetMs: null }))).toBeNull();
    expect(clockOffBy(status({ clockOffsetMs: 4 * 60_000 + 59_000 }))).toBeNull();
    expect(clockOffBy(status({ clockOffsetMs: -4 * 60_000 }))).toBeNull();
    expect(clockOffBy(status({ clockOffsetMs: 5 * 60_000 }))).toBe(5 * 60_000);
    expect(clockOffBy(status({ clockOffsetMs: -7_500_000 }))).toBe(-7_500_000);
  });

  it('says how far off the clock is in words of the desk language, two units at most', () => {
    const off = (2 * 60 + 5) * 60_000;
    expect(clockOffsetAmount(off, 'en')).toBe('2 hours, 5 minutes');
    expect(clockOffsetAmount(-off, 'it')).toBe('2 ore e 5 minuti');
    expect(clockOffsetAmount(off, 'ru')).toBe('2 часа 5 минут');
    expect(clockOffsetAmount(6 * 60_000 + 20_000, 'en')).toBe('6 minutes');
    expect(clockOffsetAmount(3 * 3_600_000, 'en')).toBe('3 hours');
    // A wrong date: days and hours, the minutes left out.
    expect(clockOffsetAmount(((3 * 24 + 4) * 60 + 17) * 60_000, 'en')).toBe('3 days, 4 hours');
    expect(clockOffsetAmount(366 * 86_400_000, 'it')).toBe('366 giorni');
  });

  it('explains every refusal the server can give, and names every change, in every language', () => {
    for (const language of ['en', 'it', 'ru'] as const) {
      const sync = resources[language].sync as {
        rejection: Record<string, { reason: string; action: string }>;
        change: Record<string, string>;
      };
      for (const code of [...rejectionCodes, 'other']) {
        expect(sync.rejection[code]?.reason, `${language} ${code}`).toBeTruthy();
        expect(sync.rejection[code]?.action, `${language} ${code}`).toBeTruthy();
      }
      for (const name of Object.keys(mutationAppliers).filter((n) => n !== 'order.transition'))
        expect(sync.change[changeKey(name)], `${language} ${name}`).toBeTruthy();
    }
  });
});
