import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { settings } from '../db/schema';
import { writeLastBackup } from './integrity';

export interface BackupSettings {
  /** The folder the admin picked; none means backups are off. */
  folder: string | null;
  keepDaily: number;
  keepWeekly: number;
}

export const backupSettingsKey = 'backup.settings';
export const defaultBackupSettings: BackupSettings = { folder: null, keepDaily: 7, keepWeekly: 4 };

export function readBackupSettings(db: Db): BackupSettings {
  const row = db.select().from(settings).where(eq(settings.key, backupSettingsKey)).get();
  return { ...defaultBackupSettings, ...((row?.value as Partial<BackupSettings>) ?? {}) };
}

export function writeBackupSettings(db: Db, value: BackupSettings): void {
  db.insert(settings)
    .values({ key: backupSettingsKey, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

/**
 * `sportello-<code>-<yyyyMMdd>-<HHmmss>[-n].<kind>`: a desk's SQLite copies (`sqlite`, the site's
 * code) and a PGlite head office's data folder (`tar.gz`, `SERVER`) are named and pruned alike.
 */
const namePattern = /^sportello-([A-Z0-9]+)-(\d{8})-(\d{6})(?:-(\d+))?\.(sqlite|tar\.gz)$/;
export type BackupExtension = 'sqlite' | 'tar.gz';

export interface BackupFile {
  file: string;
  takenAt: number;
}

/**
 * Where a new backup goes: the folder (made if missing), named by the code and the wall-clock
 * time in `timezone`, with `-2`, `-3`… when that name is taken.
 */
export function newBackupPath(
  folder: string,
  code: string,
  timezone: string,
  now: number,
  extension: BackupExtension = 'sqlite',
): string {
  fs.mkdirSync(folder, { recursive: true });
  const stamp = format(new TZDate(now, timezone), 'yyyyMMdd-HHmmss');
  let file = path.join(folder, `sportello-${code}-${stamp}.${extension}`);
  for (let n = 2; fs.existsSync(file); n++)
    file = path.join(folder, `sportello-${code}-${stamp}-${n}.${extension}`);
  return file;
}

/**
 * Copies the live database into `folder` with SQLite's online backup API: the desk keeps
 * working meanwhile and the copy is a consistent snapshot. Written under a temporary name and
 * renamed, so a half-written file never looks like a backup.
 */
export async function backUpDatabase(
  db: Db,
  options: { folder: string; siteCode: string; timezone: string; now: number; dataDir?: string },
): Promise<BackupFile> {
  const file = newBackupPath(options.folder, options.siteCode, options.timezone, options.now);
  const partial = `${file}.partial`;
  await db.$client.backup(partial);
  fs.renameSync(partial, file);
  if (options.dataDir) writeLastBackup(options.dataDir, { file, at: options.now });
  return { file, takenAt: options.now };
}

/** The backups of one site (or of the head office's server) in a folder, newest first. */
export function listBackups(
  folder: string,
  siteCode: string,
  extension: BackupExtension = 'sqlite',
): BackupFile[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .map((name) => ({ name, match: namePattern.exec(name) }))
    .filter(({ match }) => match?.[1] === siteCode && match[5] === extension)
    .map(({ name }) => {
      const file = path.join(folder, name);
      return { file, takenAt: fs.statSync(file).mtimeMs };
    })
    .sort((a, b) => b.file.localeCompare(a.file));
}

function dayOf(file: string): string {
  return namePattern.exec(path.basename(file))![2]!;
}

function isoWeekOf(file: string): string {
  const day = dayOf(file);
  return format(
    new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T12:00:00Z`),
    "RRRR-'W'II",
  );
}

/**
 * Keeps the newest backup of each of the last `keepDaily` days that have one, and the newest of
 * each of the last `keepWeekly` ISO weeks; deletes the rest. Returns the deleted files.
 */
export function pruneBackups(
  folder: string,
  siteCode: string,
  keep: Omit<BackupSettings, 'folder'>,
  extension: BackupExtension = 'sqlite',
): string[] {
  const backups = listBackups(folder, siteCode, extension);
  const kept = new Set<string>();
  const pick = (key: (file: string) => string, count: number) => {
    const seen = new Set<string>();
    for (const { file } of backups) {
      const k = key(file);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      kept.add(file);
    }
  };
  pick(dayOf, keep.keepDaily);
  pick(isoWeekOf, keep.keepWeekly);
  const deleted = backups.map((b) => b.file).filter((file) => !kept.has(file));
  for (const file of deleted) fs.rmSync(file, { force: true });
  return deleted;
}
