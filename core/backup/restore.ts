import Database from 'better-sqlite3';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fs from 'node:fs';
import { databaseFile } from '../runtime/desk';
import { integrityProblems } from './integrity';

export class InvalidBackupError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'unreadable' | 'damaged' | 'not_sportello',
    /** What SQLite, or the check, said: technical, untranslated. */
    readonly detail: string,
  ) {
    super(`${file} cannot be restored (${reason}): ${detail}`);
    this.name = 'InvalidBackupError';
  }
}

const requiredTables = [
  '__drizzle_migrations',
  'sites',
  'users',
  'repair_orders',
  'settings',
  'outbox',
];

/** Refuses a file that is not a sound Sportello desk database. */
export function checkBackupFile(file: string): void {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new InvalidBackupError(file, 'unreadable', String(error));
  }
  try {
    let problems: string[];
    try {
      problems = integrityProblems(sqlite);
    } catch (error) {
      throw new InvalidBackupError(file, 'damaged', String(error));
    }
    if (problems.length)
      throw new InvalidBackupError(file, 'damaged', problems.slice(0, 3).join('; '));
    const tables = new Set(
      (
        sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map((t) => t.name),
    );
    const missing = requiredTables.filter((t) => !tables.has(t));
    if (missing.length)
      throw new InvalidBackupError(file, 'not_sportello', `missing tables: ${missing.join(', ')}`);
    const identity = sqlite.prepare("SELECT 1 FROM settings WHERE key = 'desk.siteId'").get();
    if (!identity) throw new InvalidBackupError(file, 'not_sportello', 'no desk.siteId setting');
  } finally {
    sqlite.close();
  }
}

/**
 * Puts a backup in place of the desk's database. The desk must be closed. The current
 * database is folded into one file and kept aside as `desk.sqlite.before-restore-<time>`.
 */
export function restoreDatabase(
  dataDir: string,
  backup: string,
  now = Date.now(),
): { keptAside: string | null } {
  checkBackupFile(backup);
  const target = databaseFile(dataDir);
  let keptAside: string | null = null;
  if (fs.existsSync(target)) {
    const current = new Database(target);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    keptAside = `${target}.before-restore-${format(new TZDate(now, 'UTC'), "yyyyMMdd'T'HHmmss'Z'")}`;
    fs.renameSync(target, keptAside);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  }
  fs.copyFileSync(backup, `${target}.restoring`);
  fs.renameSync(`${target}.restoring`, target);
  return { keptAside };
}
