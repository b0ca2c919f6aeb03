import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cliTranslator, type CliLanguage } from '../../core/cli/i18n';
import { restoreHeadOffice } from '../../server/admin-commands';
import { listBackups } from '../../core/backup/backup';
import { buildApp } from '../../server/app';
import { openPglite } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import {
  backUpPglite,
  FolderTooLargeToDump,
  serverBackupCode,
} from '../../server/db/pglite-backup';
import { createSite } from '../../server/sites';
import { tempDir } from '../support/desk';
import { serverCli } from '../support/server-cli';
import { testSiteRequest } from '../support/sync-server';

const root = tempDir('sportello-server-backup-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const day = 24 * 60 * 60_000;

const serverBackups = (folder: string) => listBackups(folder, serverBackupCode, 'tar.gz');

async function siteCodes(dataDir: string): Promise<string[]> {
  const db = await openPglite(dataDir);
  try {
    const rows = await db.query<{ code: string }>('SELECT code FROM site_registry ORDER BY code');
    return rows.map((row) => row.code);
  } finally {
    await db.close();
  }
}

describe('a PGlite head office backs itself up', () => {
  it('once a day, from its hourly sweep, while it serves', async () => {
    const dataDir = path.join(root, 'swept');
    const folder = path.join(root, 'swept-backups');
    const db = await openPglite(dataDir);
    await migrateServerDb(db);
    let clock = Date.now();
    const app = await buildApp({
      db,
      logger: false,
      now: () => clock,
      sweepUploadsEveryMs: 50,
      backupFolder: folder,
    });
    try {
      await expect.poll(() => serverBackups(folder).length, { timeout: 20_000 }).toBe(1);
      // Later sweeps of the same day take none.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(serverBackups(folder)).toHaveLength(1);
      clock += day + 60_000;
      await expect.poll(() => serverBackups(folder).length, { timeout: 20_000 }).toBe(2);
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.json()).toMatchObject({ backupsTaken: 2 });
    } finally {
      await app.close();
      await db.close();
    }
  }, 60_000);

  it('keeps its own backups apart from a desk’s in the same folder when it prunes', async () => {
    const dataDir = path.join(root, 'pruned');
    const folder = path.join(root, 'shared-backups');
    fs.mkdirSync(folder, { recursive: true });
    const deskCopies = Array.from({ length: 12 }, (_, i) =>
      path.join(folder, `sportello-MI01-202611${String(i + 1).padStart(2, '0')}-090000.sqlite`),
    );
    deskCopies.forEach((file) => fs.writeFileSync(file, 'desk'));
    const old = Array.from({ length: 10 }, (_, i) =>
      path.join(folder, `sportello-SERVER-202611${String(i + 1).padStart(2, '0')}-020000.tar.gz`),
    );
    old.forEach((file) => fs.writeFileSync(file, 'old'));
    const db = await openPglite(dataDir);
    try {
      await migrateServerDb(db);
      const made = await backUpPglite(db, folder, Date.UTC(2026, 11, 7, 2));
      expect(path.basename(made.file)).toBe('sportello-SERVER-20261207-020000.tar.gz');
      // The newest of the last 7 days and of the last 4 weeks: today, Nov 10…5, and Nov 1.
      expect(serverBackups(folder).map((b) => path.basename(b.file).slice(17, 25))).toEqual([
        '20261207',
        '20261110',
        '20261109',
        '20261108',
        '20261107',
        '20261106',
        '20261105',
        '20261101',
      ]);
      expect(made.pruned.sort()).toEqual([old[1], old[2], old[3]].sort());
      expect(deskCopies.every((file) => fs.existsSync(file))).toBe(true);
      // A folder larger than the dump may hold in memory is not dumped, and nothing is written.
      const refused = await backUpPglite(db, folder, Date.UTC(2026, 11, 8, 2), 1024).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(FolderTooLargeToDump);
      expect(serverBackups(folder)).toHaveLength(8);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('`npm run server -- admin backup` and `admin restore FILE`', () => {
  it('put the head office back as it was at the backup, keeping the folder it replaces', async () => {
    const dataDir = path.join(root, 'hq');
    const db = await openPglite(dataDir);
    await migrateServerDb(db);
    await createSite(db, testSiteRequest('RM01', 'reception'), Date.now());
    await db.close();

    const taken = serverCli(dataDir, {}, 'admin', 'backup');
    expect(taken.code).toBe(0);
    const { file } = JSON.parse(taken.stdout) as { file: string };
    expect(path.dirname(file)).toBe(`${dataDir}-backups`);
    expect(
      serverCli(
        dataDir,
        {},
        'admin',
        'create-site',
        '--code',
        'TO01',
        '--name',
        'Torino',
        '--kind',
        'reception',
      ).code,
    ).toBe(0);
    expect(await siteCodes(dataDir)).toEqual(['RM01', 'TO01']);

    // A wrong file changes nothing, and says so.
    const notes = path.join(root, 'notes.txt');
    fs.writeFileSync(notes, 'not a backup');
    const wrong = serverCli(dataDir, {}, 'admin', 'restore', notes);
    expect(wrong).toMatchObject({
      code: 1,
      stderr: `${notes} is not a Sportello backup (it is not a .tar.gz archive). Nothing was changed.\n`,
    });
    const missing = serverCli(dataDir, { SPORTELLO_LANG: 'ru' }, 'admin', 'restore', `${notes}.gz`);
    expect(missing).toMatchObject({
      code: 1,
      stderr: `Файла ${notes}.gz нет. Ничего не изменено.\n`,
    });
    expect(await siteCodes(dataDir)).toEqual(['RM01', 'TO01']);

    // Not while a server has the folder open.
    const serving = await openPglite(dataDir, 'server 127.0.0.1:8080');
    const refused = serverCli(dataDir, {}, 'admin', 'restore', file);
    await serving.close();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${process.pid} (server 127.0.0.1:8080)`);
    expect(await siteCodes(dataDir)).toEqual(['RM01', 'TO01']);

    const restored = serverCli(dataDir, {}, 'admin', 'restore', file);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored ${file} into ${dataDir} (1 site).`);
    expect(restored.stdout).toContain('need a new enrolment code for their site');
    const aside = /kept as (\S+)\.\n/.exec(restored.stdout)![1]!;
    expect(await siteCodes(dataDir)).toEqual(['RM01']);
    // The folder it replaced is kept, whole.
    expect(await siteCodes(aside)).toEqual(['RM01', 'TO01']);
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  }, 120_000);

  it('a file that is not a backup says what it is, in the operator’s language, and changes nothing', async () => {
    const root = tempDir('sportello-not-a-backup-');
    const dataDir = path.join(root, 'server');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'kept'), 'as it was');
    const notes = path.join(root, 'notes.txt');
    fs.writeFileSync(notes, 'not a backup');
    const otherArchive = path.join(root, 'other.tar.gz');
    execFileSync('tar', ['czf', otherArchive, '-C', root, 'notes.txt']);
    // A PGlite database, backed up as the server backs up, that never held a head office.
    const other = await openPglite(path.join(root, 'other-db'));
    const { file: emptyDatabase } = await backUpPglite(other, root, Date.now());
    await other.close();
    const said = async (file: string, lang: CliLanguage) => {
      const errors: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => {
        errors.push(line);
      });
      try {
        const t = cliTranslator(lang);
        const code = await restoreHeadOffice(file, { t, dataDir, backupFolder: undefined });
        return { code, stderr: errors.join('\n') };
      } finally {
        spy.mockRestore();
      }
    };
    expect(await said(root, 'en')).toEqual({
      code: 1,
      stderr: `${root} is not a Sportello backup (it cannot be read as a file). Nothing was changed.`,
    });
    expect(await said(otherArchive, 'it')).toEqual({
      code: 1,
      stderr: `${otherArchive} non è un backup di Sportello (l'archivio non contiene una cartella di database). Non è stato cambiato nulla.`,
    });
    expect(await said(emptyDatabase, 'ru')).toEqual({
      code: 1,
      stderr: `${emptyDatabase} — не резервная копия Sportello (база данных в нём — не база головного офиса Sportello). Ничего не изменено.`,
    });
    expect((await said(notes, 'en')).stderr).toContain('(it is not a .tar.gz archive)');
    // Nothing was moved aside or replaced.
    expect(fs.readdirSync(root).filter((name) => name.includes('before-restore'))).toEqual([]);
    expect(fs.readdirSync(dataDir)).toEqual(['kept']);
  }, 120_000);

  it('on PostgreSQL, point to its own tools', () => {
    const run = serverCli(
      path.join(root, 'unused'),
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' },
      'admin',
      'restore',
      'x.tar.gz',
    );
    expect(run).toMatchObject({ code: 2 });
    expect(run.stderr).toContain('On PostgreSQL the server takes no backups of its own');
  });
});
