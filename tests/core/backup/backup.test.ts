import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backUpDatabase,
  listBackups,
  pruneBackups,
  readBackupSettings,
  writeBackupSettings,
} from '../../../core/backup/backup';
import { backUpIfDue } from '../../../core/backup/schedule';
import { DamagedDatabaseError, readLastBackup } from '../../../core/backup/integrity';
import { InvalidBackupError, restoreDatabase } from '../../../core/backup/restore';
import { backupCommand } from '../../../core/cli/commands/backup';
import { restoreCommand } from '../../../core/cli/commands/restore';
import type { CliEnv } from '../../../core/cli/command';
import { cliTranslator } from '../../../core/cli/i18n';
import { databaseFile, openDesk, type Desk } from '../../../core/runtime/desk';
import { expectOk, intakeInput, tempDir } from '../../support/desk';

/** Every row of every table, in a stable order: two databases with equal dumps hold equal data. */
function dumpAllTables(file: string): Record<string, unknown[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (sqlite.prepare(`SELECT * FROM "${name}"`).all() as object[])
          .map((row) =>
            JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
          )
          .sort(),
      ]),
    );
  } finally {
    sqlite.close();
  }
}

function cliEnv(dataDir: string, desk?: () => Desk) {
  const out: string[] = [];
  const err: string[] = [];
  const env: CliEnv = {
    dataDir,
    openDesk: desk ?? (() => openDesk({ dataDir })),
    call: () => Promise.reject(new Error('backup and restore call no contract method')),
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    language: 'en',
    t: cliTranslator('en'),
  };
  return { env, out, err };
}

async function deskWithOrders(dataDir: string, count: number): Promise<Desk> {
  const desk = openDesk({ dataDir });
  for (let i = 0; i < count; i++)
    await expectOk(desk.call('createIntake', intakeInput({ complaint: `Guasto numero ${i}` })));
  return desk;
}

describe('backups and restore', () => {
  it('a backup taken while the desk works restores to exactly the same data', async () => {
    const dataDir = tempDir();
    const folder = tempDir('sportello-backups-');
    const desk = await deskWithOrders(dataDir, 5);
    const { file } = await backUpDatabase(desk.db, {
      folder,
      siteCode: desk.site.code,
      timezone: desk.site.timezone,
      now: Date.now(),
      dataDir,
    });
    expect(readLastBackup(dataDir)?.file).toBe(file);
    desk.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const atBackup = dumpAllTables(databaseFile(dataDir));
    // Work goes on after the backup; restore must bring back the moment of the backup.
    await expectOk(desk.call('createIntake', intakeInput({ complaint: 'Dopo il backup' })));
    desk.close();

    const { keptAside } = restoreDatabase(dataDir, file);
    expect(keptAside).toMatch(/desk\.sqlite\.before-restore-\d{8}T\d{6}Z$/);
    expect(dumpAllTables(databaseFile(dataDir))).toEqual(atBackup);
    expect(Object.values(atBackup).flat().length).toBeGreaterThan(20);
    const reopened = openDesk({ dataDir });
    const page = (await expectOk(reopened.call('listOrders', {}))) as { total: number };
    expect(page.total).toBe(5);
    reopened.close();
    // The replaced database is kept, with the order taken after the backup.
    expect(dumpAllTables(keptAside!).repair_orders).toHaveLength(6);
  });

  it('refuses to restore a damaged file or one that is not a Sportello database, changing nothing', async () => {
    const dataDir = tempDir();
    (await deskWithOrders(dataDir, 1)).close();
    const before = fs.readFileSync(databaseFile(dataDir));
    const junk = path.join(tempDir(), 'junk.sqlite');
    fs.writeFileSync(junk, 'this is not a database at all, just some text '.repeat(200));
    expect(() => restoreDatabase(dataDir, junk)).toThrow(InvalidBackupError);
    const other = path.join(tempDir(), 'other.sqlite');
    new Database(other).exec('CREATE TABLE notes (text TEXT)');
    expect(() => restoreDatabase(dataDir, other)).toThrow(
      /\(not_sportello\): missing tables: __drizzle_migrations, sites, users/,
    );
    expect(fs.readFileSync(databaseFile(dataDir)).equals(before)).toBe(true);
  });

  it('the CLI backs up to the folder the admin set, and restores with the desk closed', async () => {
    const dataDir = tempDir();
    const folder = tempDir('sportello-backups-');
    (await deskWithOrders(dataDir, 2)).close();
    let opened: Desk | undefined;
    const backup = cliEnv(dataDir, () => (opened ??= openDesk({ dataDir })));
    expect(await backupCommand.run(['--set-folder', folder, '--keep-daily', '3'], backup.env)).toBe(
      0,
    );
    opened?.close();
    const [made] = listBackups(folder, 'MI01');
    expect(backup.out.join('')).toContain(made!.file);

    const restore = cliEnv(dataDir);
    expect(await restoreCommand.run([made!.file], restore.env)).toBe(0);
    expect(restore.out.join('')).toContain('before-restore-');
    const refused = cliEnv(dataDir);
    expect(await restoreCommand.run([path.join(folder, 'missing.sqlite')], refused.env)).toBe(1);
    expect(refused.err.join('')).toContain('Nothing was changed');
  });

  it('refuses a retention or a folder option it cannot use, and then neither backs up nor remembers anything', async () => {
    const dataDir = tempDir();
    const folder = tempDir('sportello-backups-');
    (await deskWithOrders(dataDir, 1)).close();
    const settingsNow = () => {
      const desk = openDesk({ dataDir });
      try {
        return readBackupSettings(desk.db);
      } finally {
        desk.close();
      }
    };
    const before = settingsNow();
    for (const [args, said] of [
      [
        ['--to', folder, '--keep-daily', 'ten'],
        '--keep-daily needs a whole number from 1 to 9999, not "ten".',
      ],
      [['--to', folder, '--keep-daily', '0'], 'from 1 to 9999, not "0"'],
      [
        ['--to', folder, '--keep-weekly', '-1'],
        '--keep-weekly needs a whole number from 0 to 9999',
      ],
      [['--to', folder, '--keep-weekly', '2.5'], 'not "2.5"'],
      [['--set-folder', folder, '--keep-daily', '99999'], 'not "99999"'],
      [['--to', folder, '--keep-daily'], '--keep-daily needs a value.'],
      [['--set-folder', '--keep-daily', '3'], '--set-folder needs a value.'],
    ] as const) {
      const run = cliEnv(dataDir);
      expect(await backupCommand.run([...args], run.env)).toBe(2);
      expect(run.err.join('')).toContain(said);
      expect(run.err.join('')).toContain('No backup was made and no setting was changed.');
    }
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(settingsNow()).toEqual(before);

    const good = cliEnv(dataDir);
    expect(
      await backupCommand.run(
        ['--set-folder', folder, '--keep-daily', '10', '--keep-weekly', '0'],
        good.env,
      ),
    ).toBe(0);
    expect(settingsNow()).toEqual({ folder, keepDaily: 10, keepWeekly: 0 });
    expect(fs.readdirSync(folder)).toHaveLength(1);
  });

  it('keeps the newest backup of each of the last N days and weeks, and deletes the rest', () => {
    const folder = tempDir('sportello-backups-');
    const days = [
      '20261101',
      '20261102',
      '20261109',
      '20261116',
      '20261120',
      '20261124',
      '20261125',
      '20261126',
    ];
    for (const day of days)
      for (const time of ['090000', '180000'])
        fs.writeFileSync(path.join(folder, `sportello-MI01-${day}-${time}.sqlite`), '');
    fs.writeFileSync(path.join(folder, 'sportello-TO02-20261101-090000.sqlite'), '');
    pruneBackups(folder, 'MI01', { keepDaily: 3, keepWeekly: 3 });
    expect(fs.readdirSync(folder).sort()).toEqual([
      'sportello-MI01-20261109-180000.sqlite',
      'sportello-MI01-20261120-180000.sqlite',
      'sportello-MI01-20261124-180000.sqlite',
      'sportello-MI01-20261125-180000.sqlite',
      'sportello-MI01-20261126-180000.sqlite',
      'sportello-TO02-20261101-090000.sqlite',
    ]);
  });

  it('a damaged database is reported at start with the way back', async () => {
    const dataDir = tempDir();
    const folder = tempDir('sportello-backups-');
    const desk = await deskWithOrders(dataDir, 30);
    const { file } = await backUpDatabase(desk.db, {
      folder,
      siteCode: 'MI01',
      timezone: 'Europe/Rome',
      now: Date.now(),
      dataDir,
    });
    desk.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    desk.close();
    const bytes = fs.readFileSync(databaseFile(dataDir));
    // Scribble over pages in the middle of the file, as a failing disk would.
    bytes.fill(0x5a, 4096 * 3, 4096 * 6);
    fs.writeFileSync(databaseFile(dataDir), bytes);
    let caught: unknown;
    try {
      openDesk({ dataDir }).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DamagedDatabaseError);
    expect((caught as DamagedDatabaseError).wayBack).toMatchObject({
      kind: 'restore_backup',
      file,
    });
    expect((caught as Error).message).toContain(file);

    fs.rmSync(path.join(dataDir, 'last-backup.json'));
    expect(() => openDesk({ dataDir })).toThrow(/set this desk up again from the head office/);
  });
});

describe('scheduled backups', () => {
  it('back up once a day into the folder the admin set, and not at all without one', async () => {
    const dataDir = tempDir();
    const folder = tempDir('sportello-backups-');
    const desk = openDesk({ dataDir });
    const now = Date.now();
    expect(await backUpIfDue(desk, now)).toBeNull();
    writeBackupSettings(desk.db, { folder, keepDaily: 7, keepWeekly: 4 });
    const first = await backUpIfDue(desk, now);
    expect(first).toMatch(/sportello-MI01-\d{8}-\d{6}\.sqlite$/);
    expect(await backUpIfDue(desk, now + 60_000)).toBeNull();
    expect(await backUpIfDue(desk, now + 25 * 60 * 60_000)).not.toBeNull();
    expect(listBackups(folder, 'MI01')).toHaveLength(2);
    desk.close();
  });
});
