import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is PostgreSQL in one process, with no postmaster to keep a second one out: two processes
 * that open one data folder each write their own pages and write-ahead log into it, and what one
 * commits the other never sees and may overwrite. An operator meets this on the first day, by
 * running `npm run server -- admin create-site` while `npm run server` is up on the same folder:
 * the site was created, its code printed, and it was gone once the server stopped.
 *
 * So a process that opens a PGlite folder holds a lock file beside it (`<folder>.lock`, beside so
 * that PGlite's folder holds only PGlite's files), as PostgreSQL holds `postmaster.pid`. It names
 * the process and what it is doing. A lock whose process is gone, after a crash, is taken over.
 */
export interface LockHolder {
  pid: number;
  /** What the holder is doing, for the operator: `server on port 8080`, `admin create-site`. */
  purpose: string;
  since: number;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    super(`${dataDir} is in use by process ${holder.pid} (${holder.purpose})`);
    this.name = 'DataDirInUse';
  }
}

/** The lock files this process holds, so that it cannot open its own folder twice either. */
const held = new Map<string, LockHolder>();

export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

/**
 * Takes the folder's lock, or throws `DataDirInUse` naming the process that holds it. Returns the
 * release, which is also run when the process exits; a process killed outright leaves its file,
 * and the next opener finds its process gone and takes it over.
 */
export function lockDataDir(dataDir: string, purpose: string, now = Date.now()): () => void {
  const file = lockFileOf(dataDir);
  const ours = held.get(file);
  if (ours) throw new DataDirInUse(dataDir, file, ours);
  const mine: LockHolder = { pid: process.pid, purpose, since: now };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name, then linked into place: the link fails if the lock exists,
  // and a lock that exists always has its content.
  const draft = `${file}.${process.pid}.${now}`;
  fs.writeFileSync(draft, JSON.stringify(mine));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(file);
        // Our own pid in a file we do not hold is an earlier life of this pid (a container's
        // process 1 after a restart): gone, like any other holder that is not running.
        if (attempt > 0 || (holder && holder.pid !== process.pid && isRunning(holder.pid)))
          throw new DataDirInUse(dataDir, file, holder ?? mine);
        fs.rmSync(file, { force: true });
      }
    }
  } finally {
    fs.rmSync(draft, { force: true });
  }
  held.set(file, mine);
  const release = () => {
    if (held.get(file) !== mine) return;
    held.delete(file);
    process.off('exit', release);
    if (readHolder(file)?.since === mine.since && readHolder(file)?.pid === mine.pid)
      fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}

/** The holder a lock file names; undefined when it is gone or unreadable. */
export function readHolder(file: string): LockHolder | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' &&
      typeof value.purpose === 'string' &&
      typeof value.since === 'number'
      ? { pid: value.pid, purpose: value.purpose, since: value.since }
      : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
