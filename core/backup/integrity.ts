import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export interface LastBackup {
  file: string;
  at: number;
}

/** Kept beside the database, so the way back is known even when the database cannot be read. */
export function lastBackupRecord(dataDir: string): string {
  return path.join(dataDir, 'last-backup.json');
}

export function readLastBackup(dataDir: string): LastBackup | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lastBackupRecord(dataDir), 'utf8')) as LastBackup;
    return typeof parsed.file === 'string' && typeof parsed.at === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function writeLastBackup(dataDir: string, backup: LastBackup): void {
  const file = lastBackupRecord(dataDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(backup));
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * The desk's database is damaged. `wayBack` says what a person can do: restore the last
 * backup (its path is given), or, with none, set the desk up again from the head office.
 */
export class DamagedDatabaseError extends Error {
  readonly wayBack:
    { kind: 'restore_backup'; file: string; at: number } | { kind: 'rebootstrap_from_server' };

  constructor(
    readonly file: string,
    readonly problems: string[],
    lastBackup: LastBackup | undefined,
  ) {
    const wayBack = lastBackup
      ? ({ kind: 'restore_backup', file: lastBackup.file, at: lastBackup.at } as const)
      : ({ kind: 'rebootstrap_from_server' } as const);
    super(
      `The desk database ${file} is damaged (${problems.slice(0, 3).join('; ')}). ` +
        (wayBack.kind === 'restore_backup'
          ? `Restore the last backup: sportello restore "${wayBack.file}".`
          : 'No backup is known: set this desk up again from the head office (enrolment).'),
    );
    this.name = 'DamagedDatabaseError';
    this.wayBack = wayBack;
  }
}

/** `PRAGMA integrity_check`: an empty list means the file is sound. */
export function integrityProblems(sqlite: Database.Database): string[] {
  let rows: { integrity_check: string }[];
  try {
    rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  } catch (error) {
    if (isCorruptionError(error)) return [String(error)];
    throw error;
  }
  const messages = rows.map((r) => r.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** SQLite's own words for a file that is not a sound database. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_VTAB';
}
