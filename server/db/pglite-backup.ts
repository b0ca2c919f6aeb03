import fs from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { listBackups, newBackupPath, pruneBackups } from '../../core/backup/backup';
import type { ServerDb } from './connection';
import { lockDataDir } from './data-dir-lock';

/**
 * A PGlite head office backs itself up: its data folder is the network's record, and a small
 * office has no DBA running `pg_dump`. Once a day (the server's hourly sweep asks) the folder is
 * dumped as a gzipped tar, between queries and after a checkpoint, into a folder beside it; the
 * newest of each of the last 7 days and 4 weeks are kept, as a desk keeps its own.
 *
 * A restored head office has lost what came after its backup; the desks that moved past it notice
 * and say so (docs/head-office-server.md, "Restoring the head office").
 */
export const serverBackupCode = 'SERVER';
export const serverBackupKeep = { keepDaily: 7, keepWeekly: 4 };
const day = 24 * 60 * 60_000;

export interface ServerBackup {
  file: string;
  bytes: number;
  /** Older backups the retention removed. */
  pruned: string[];
}

/**
 * PGlite builds the dump in memory: the process grows by about 1.7 times the folder's size while
 * it runs (+436 MB for a folder of 264 MB, `npm run bench -- --filter scope-download --quick`).
 * Above this the server does not try: a head office that large belongs on PostgreSQL.
 */
export const maxDumpedFolderBytes = 1024 ** 3;

/** The folder is larger than the server dumps in memory (`maxDumpedFolderBytes`). */
export class FolderTooLargeToDump extends Error {
  constructor(readonly bytes: number) {
    super(
      `the data folder holds ${Math.round(bytes / 1024 ** 2)} MB, more than PGlite's backup holds in memory`,
    );
    this.name = 'FolderTooLargeToDump';
  }
}

/** The bytes of every file under `dir`. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += fs.statSync(`${entry.parentPath}/${entry.name}`).size;
  return total;
}

/** Dumps the head office's PGlite folder into `folder` now. Not for PostgreSQL. */
export async function backUpPglite(
  db: ServerDb,
  folder: string,
  now: number,
  maxFolderBytes = maxDumpedFolderBytes,
): Promise<ServerBackup> {
  if (!db.dumpDataDir || !db.dataDir)
    throw new Error('only a PGlite head office in a data folder backs up');
  const size = folderBytes(db.dataDir);
  if (size > maxFolderBytes) throw new FolderTooLargeToDump(size);
  const tar = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
  // UTC: the server has no site, and its log speaks UTC.
  const file = newBackupPath(folder, serverBackupCode, 'UTC', now, 'tar.gz');
  // Written and flushed under another name, then renamed: a half-written file is never a backup.
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w');
  try {
    fs.writeSync(fd, tar);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  const pruned = pruneBackups(folder, serverBackupCode, serverBackupKeep, 'tar.gz');
  return { file, bytes: tar.length, pruned };
}

/** A backup when the newest in `folder` is a day old or there is none; else null. */
export async function backUpPgliteIfDue(
  db: ServerDb,
  folder: string,
  now: number,
): Promise<ServerBackup | null> {
  if (!db.dumpDataDir) return null;
  const latest = listBackups(folder, serverBackupCode, 'tar.gz')[0];
  if (latest && now - latest.takenAt < day) return null;
  return backUpPglite(db, folder, now);
}

/**
 * Why a file is not a head office backup, as the operator is told (`admin.notABackup.*`): it
 * cannot be read, it is not a gzipped tar, the archive is no database folder PGlite opens, or
 * the database holds no Sportello head office.
 */
export type NotABackupReason = 'unreadable' | 'not_archive' | 'not_database' | 'not_sportello';

export class NotAServerBackup extends Error {
  constructor(
    readonly file: string,
    readonly reason: NotABackupReason,
    /** What failed underneath (for the log, not for the operator's message). */
    readonly detail: string,
  ) {
    super(`${file} is not a Sportello head office backup (${reason}): ${detail}`);
    this.name = 'NotAServerBackup';
  }
}

/** Whether the bytes are a gzipped tar archive (gzip's magic, then ustar's in the first header). */
function isTarGz(bytes: Buffer): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return false;
  try {
    // The first header only: a prefix, inflated as far as it goes (not the whole backup again).
    const tar = gunzipSync(bytes.subarray(0, 65_536), { finishFlush: constants.Z_SYNC_FLUSH });
    return tar.subarray(257, 262).toString('latin1') === 'ustar';
  } catch {
    return false;
  }
}

export interface RestoredServer {
  /** Sites the restored head office holds. */
  sites: number;
  /** Where the folder it replaced went (kept, never deleted); null when there was none. */
  movedAside: string | null;
}

/**
 * Puts a backup in place of the head office's data folder. The backup is opened and checked in
 * memory first (a PGlite folder with Sportello's sites in it), so a wrong file changes nothing.
 * The folder's lock is taken for the whole restore: a running server refuses it
 * (`DataDirInUse`). The folder it replaces is moved aside, not deleted.
 */
export async function restorePglite(
  dataDir: string,
  file: string,
  now: number,
): Promise<RestoredServer> {
  let bytes: Buffer<ArrayBuffer>;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new NotAServerBackup(file, 'unreadable', (error as Error).message);
  }
  if (!isTarGz(bytes)) throw new NotAServerBackup(file, 'not_archive', 'no gzipped tar');
  let sites: number;
  const scratch = new PGlite({ loadDataDir: new Blob([bytes]) });
  try {
    try {
      await scratch.waitReady;
    } catch (error) {
      throw new NotAServerBackup(file, 'not_database', (error as Error).message);
    }
    try {
      const [row] = (
        await scratch.query<{ n: number }>('SELECT count(*)::int AS n FROM site_registry')
      ).rows;
      sites = row!.n;
    } catch (error) {
      throw new NotAServerBackup(file, 'not_sportello', (error as Error).message);
    }
  } finally {
    await scratch.close().catch(() => {});
  }

  const release = lockDataDir(dataDir, 'admin restore', now);
  try {
    const movedAside = fs.existsSync(dataDir)
      ? `${dataDir}.before-restore-${new Date(now).toISOString().replace(/[-:]|\.\d+/g, '')}`
      : null;
    if (movedAside) fs.renameSync(dataDir, movedAside);
    try {
      const restored = new PGlite(dataDir, { loadDataDir: new Blob([bytes]) });
      await restored.waitReady;
      await restored.close();
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (movedAside) fs.renameSync(movedAside, dataDir);
      throw error;
    }
    return { sites, movedAside };
  } finally {
    release();
  }
}
