import { describe, expect, it } from 'vitest';
import { readCursor, readHealth, updateHealth, writeCursor } from '../../../core/sync/sync-state';
import { openDesk } from '../../../core/runtime/desk';
import { tempDir } from '../../support/desk';

// The sync state goes through queries prepared once per connection (`core/db/prepared.ts`).
describe('queries prepared once per connection', () => {
  it('store the sync state as plain JSON, read it back, and follow the desk to a new connection', () => {
    const dataDir = tempDir();
    const desk = openDesk({ dataDir });
    updateHealth(desk.db, { online: true, lastError: 'server said "no" → 503', remaining: 7 });
    writeCursor(desk.db, '42:17');
    expect(readHealth(desk.db)).toMatchObject({
      online: true,
      lastError: 'server said "no" → 503',
      remaining: 7,
    });
    expect(readCursor(desk.db)).toBe('42:17');
    // Stored once encoded, as drizzle's JSON columns store everything else.
    expect(
      desk.db.$client
        .prepare("SELECT value FROM sync_state WHERE key = 'pull.cursor'")
        .pluck()
        .get(),
    ).toBe('"42:17"');
    desk.close();

    const reopened = openDesk({ dataDir });
    try {
      expect(readCursor(reopened.db)).toBe('42:17');
      updateHealth(reopened.db, { remaining: 0 });
      expect(readHealth(reopened.db)).toMatchObject({ online: true, remaining: 0 });
    } finally {
      reopened.close();
    }
  });

  it('run inside the transaction their connection has open: a rolled-back page keeps the old cursor', () => {
    const desk = openDesk({ dataDir: tempDir() });
    try {
      writeCursor(desk.db, '1:1');
      expect(() =>
        desk.db.transaction(() => {
          writeCursor(desk.db, '2:9');
          expect(readCursor(desk.db)).toBe('2:9');
          throw new Error('the page failed');
        }),
      ).toThrow('the page failed');
      expect(readCursor(desk.db)).toBe('1:1');
    } finally {
      desk.close();
    }
  });
});
