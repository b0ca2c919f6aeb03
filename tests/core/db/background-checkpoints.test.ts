import Database from 'better-sqlite3';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from '../../../core/db/background';
import { databaseFile, openDesk } from '../../../core/runtime/desk';
import { expectOk, intakeInput, tempDir } from '../../support/desk';

const frames = (file: string) => Math.floor(fs.statSync(`${file}-wal`).size / 4120);

describe('WAL checkpoints in a worker', () => {
  it('copy committed pages into the file while commits no longer do it, and close cleanly', async () => {
    const dataDir = tempDir();
    const file = databaseFile(dataDir);
    const desk = openDesk({ dataDir, backgroundCheckpoints: true });
    expect(desk.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const before = fs.statSync(file).size;
    for (let i = 0; i < 40; i++)
      await expectOk(desk.call('createIntake', intakeInput({ complaint: `Guasto ${i}` })));
    expect(frames(file)).toBeGreaterThan(0);
    // The worker checkpoints every 200 ms: the main file grows to hold the new pages.
    const deadline = Date.now() + 5_000;
    while (fs.statSync(file).size <= before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.statSync(file).size).toBeGreaterThan(before);
    desk.close();
    // The desk's connection was the last: the log is folded in and removed, as without the worker.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const sqlite = new Database(file, { readonly: true });
    try {
      expect(sqlite.prepare('SELECT count(*) FROM repair_orders').pluck().get()).toBe(40);
    } finally {
      sqlite.close();
    }
  });

  it('a worker that cannot open the file is reported, so the desk can checkpoint itself again', async () => {
    const reason = await new Promise<string>((resolve) => {
      const checkpoints = startBackgroundCheckpoints(`${tempDir()}/missing.sqlite`, {
        onGone: resolve,
      });
      setTimeout(() => checkpoints.stop(), 10_000).unref();
    });
    expect(reason).toMatch(/exit code|SqliteError|unable to open/i);
  });
});
