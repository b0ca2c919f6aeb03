import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../server/db/connection';
import { DataDirInUse, lockDataDir, lockFileOf, readHolder } from '../../server/db/data-dir-lock';
import { tempDir } from '../support/desk';

const root = tempDir('sportello-data-dir-lock-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => path.join(root, `server-${++folders}`);

/** The pid of a process that has ended. */
function endedPid(): number {
  const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(ended.stdout);
}

describe("a PGlite head office's data folder is one process's at a time", () => {
  it('is locked while open, for this process too, and free again once closed', async () => {
    const dir = folder();
    const db = await openPglite(dir, 'server 127.0.0.1:8080');
    expect(readHolder(lockFileOf(dir))).toMatchObject({
      pid: process.pid,
      purpose: 'server 127.0.0.1:8080',
    });
    const second = await openPglite(dir, 'admin create-site').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(DataDirInUse);
    expect(second).toMatchObject({
      holder: { pid: process.pid, purpose: 'server 127.0.0.1:8080' },
    });
    // The first is unharmed by the refused second.
    await db.query('CREATE TABLE kept (n int)');
    await db.close();
    expect(fs.existsSync(lockFileOf(dir))).toBe(false);

    const again = await openPglite(dir, 'admin desks');
    expect(await again.query('SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 0 }]);
    await again.close();
  }, 60_000);

  it('refuses a folder a running process holds, before PGlite touches it', async () => {
    const dir = folder();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const holder = { pid: sleeper.pid!, purpose: 'server 127.0.0.1:8080', since: 1 };
      fs.writeFileSync(lockFileOf(dir), JSON.stringify(holder));
      const refused = await openPglite(dir, 'admin create-site').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirInUse);
      expect(refused).toMatchObject({ dataDir: dir, lockFile: `${dir}.lock`, holder });
      expect(fs.existsSync(dir)).toBe(false);
      expect(readHolder(lockFileOf(dir))).toEqual(holder);
    } finally {
      sleeper.kill();
    }
  });

  it('takes over the lock of a process that is gone, or of an earlier life of its own pid', () => {
    for (const pid of [endedPid(), process.pid]) {
      const dir = folder();
      fs.writeFileSync(lockFileOf(dir), JSON.stringify({ pid, purpose: 'server', since: 1 }));
      const release = lockDataDir(dir, 'admin desks', 2);
      expect(readHolder(lockFileOf(dir))).toEqual({
        pid: process.pid,
        purpose: 'admin desks',
        since: 2,
      });
      release();
      expect(fs.existsSync(lockFileOf(dir))).toBe(false);
    }
  });

  it('a release leaves alone a lock that another process took over meanwhile', () => {
    const dir = folder();
    const release = lockDataDir(dir, 'server', 1);
    const other = { pid: endedPid(), purpose: 'server', since: 5 };
    fs.writeFileSync(lockFileOf(dir), JSON.stringify(other));
    release();
    expect(readHolder(lockFileOf(dir))).toEqual(other);
    // Nothing else is left beside the folder.
    expect(fs.readdirSync(root).filter((name) => name.startsWith(path.basename(dir)))).toEqual([
      `${path.basename(dir)}.lock`,
    ]);
  });
});
