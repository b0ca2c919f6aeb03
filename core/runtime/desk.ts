import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import type { MethodName } from '../contract';
import type { Result } from '../contract/errors';
import { sessionPolicy } from '../auth/sign-in';
import { SessionStore } from '../auth/sessions';
import {
  DamagedDatabaseError,
  integrityProblems,
  isCorruptionError,
  readLastBackup,
} from '../backup/integrity';
import {
  checkIntegrityInBackground,
  startBackgroundCheckpoints,
  type BackgroundIntegrityCheck,
} from '../db/background';
import { openDatabase, type Db } from '../db/open';
import { users } from '../db/schema';
import {
  anonymousActor,
  silentLogger,
  type Actor,
  type HandlerContext,
  type Logger,
  type SiteRow,
} from './context';
import { dispatch } from './dispatch';
import { ensureDeskIdentity, siteKey, type DeskIdentity } from './embedded-defaults';
import {
  createSecretBox,
  fileKeyProvider,
  type KeyProvider,
  type SecretBox,
} from '../security/secret-box';
import { sealPlainCredentials } from '../sync/sync-state';
import { rebuildSearchIndexIfPending } from '../search/deferred-index';

export interface DeskOptions {
  dataDir: string;
  migrationsFolder?: string;
  logger?: Logger;
  now?: () => number;
  synchronous?: 'FULL' | 'NORMAL';
  /** Where the secret key comes from; a key file in the data folder unless the shell wraps it. */
  keyProvider?: KeyProvider;
  /** Skips `integrity_check` at start (for benchmarks on huge files; never for a real desk). */
  skipIntegrityCheck?: boolean;
  /**
   * When `integrity_check` runs: before `openDesk` returns (it throws on damage), or in a worker
   * right after (the answer comes in `desk.integrity`). `auto`, the default, checks a small file
   * at once and a large one (over `backgroundCheckBytes`) in the background.
   */
  integrityCheck?: 'auto' | 'at-open' | 'background';
  /**
   * Checkpoints the write-ahead log from a worker instead of inside commits. Hosts that keep a
   * desk open (Electron, browser mode) turn it on; short-lived ones (CLI, tests) need not.
   */
  backgroundCheckpoints?: boolean;
}

/** Above this size the full check takes long enough (~0.5 s here) to be worth moving off start. */
export const backgroundCheckBytes = 32 * 2 ** 20;

/** How the start-up integrity check ended; `damaged` carries the way back. */
export interface IntegrityReport {
  checked: 'at-open' | 'background' | 'skipped';
  damaged?: DamagedDatabaseError;
}

/** One desk: its database, its identity, and the contract's handlers bound to them. */
export interface Desk {
  db: Db;
  dataDir: string;
  site: SiteRow;
  /**
   * Who acts for in-process callers that name no one (the CLI, tests, scheduled jobs): before
   * first-run setup the embedded counter user, after it the desk's local system user. Hosts
   * that serve people (IPC, HTTP) never use it: they call `callWithSession`.
   */
  defaultActor: Actor;
  sessions: SessionStore;
  /** Seals the desk's secrets (unlock codes, the sync credentials) with its key. */
  secrets: SecretBox;
  call(method: MethodName | string, input: unknown, actor?: Actor): Promise<Result<unknown>>;
  /** A call on behalf of whoever holds `token`; without a live session only public methods answer. */
  callWithSession(
    token: string | undefined,
    method: MethodName | string,
    input: unknown,
  ): Promise<Result<unknown>>;
  /** The signed-in person behind a token, or undefined when the session is over. */
  actorForSession(token: string | undefined): Actor | undefined;
  /**
   * Called whenever this desk enrols with a head office while running (the first-run screen),
   * so the host starts the sync loop it did not start at launch. Returns the unsubscribe.
   */
  onEnrolled(listener: () => void): () => void;
  /**
   * The start-up `integrity_check`: settled when `openDesk` returns if it ran at open, a few
   * seconds later for a large file checked in the background. Hosts report `damaged` the way
   * they report a damaged file at open (with the way back) and stop the desk. Never rejects.
   */
  integrity: Promise<IntegrityReport>;
  close(): void;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'desk.sqlite');
}

/** Whether this start checks the file before returning or in a worker afterwards. */
function integrityTiming(options: DeskOptions, file: string): 'at-open' | 'background' | 'skip' {
  if (options.skipIntegrityCheck) return 'skip';
  const chosen = options.integrityCheck ?? 'auto';
  if (chosen !== 'auto') return chosen;
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    // No file yet: a new desk, checked at once (it is empty).
  }
  return size > backgroundCheckBytes ? 'background' : 'at-open';
}

function openCheckedDatabase(options: DeskOptions, timing: ReturnType<typeof integrityTiming>): Db {
  const file = databaseFile(options.dataDir);
  let db: Db;
  try {
    db = openDatabase({
      file,
      ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
      ...(options.synchronous ? { synchronous: options.synchronous } : {}),
    });
  } catch (error) {
    if (isCorruptionError(error))
      throw new DamagedDatabaseError(file, [String(error)], readLastBackup(options.dataDir));
    throw error;
  }
  if (timing !== 'at-open') return db;
  const problems = integrityProblems(db.$client);
  if (problems.length > 0) {
    db.$client.close();
    throw new DamagedDatabaseError(file, problems, readLastBackup(options.dataDir));
  }
  return db;
}

/**
 * The background integrity check: a worker reads the whole file on its own read-only
 * connection. Should the worker fail to run at all, the check runs here instead (slow, but the
 * guarantee holds). Damage is logged with the way back and reported through `desk.integrity`.
 */
async function checkInBackground(
  options: DeskOptions,
  db: Db,
  log: Logger,
  check: BackgroundIntegrityCheck,
  isOpen: () => boolean,
): Promise<IntegrityReport> {
  const file = databaseFile(options.dataDir);
  const answer = await check.answer;
  let problems: string[];
  if ('problems' in answer) problems = answer.problems;
  else if (isCorruptionError(answer.error)) problems = [answer.error.message];
  else {
    // Closed before the answer came: the next start checks again.
    if (!isOpen()) return { checked: 'skipped' };
    log.warn({ reason: answer.error.message }, 'integrity check worker failed; checking here');
    problems = integrityProblems(db.$client);
  }
  if (problems.length === 0) return { checked: 'background' };
  const damaged = new DamagedDatabaseError(file, problems, readLastBackup(options.dataDir));
  log.error({ wayBack: damaged.wayBack, problems: problems.slice(0, 3) }, damaged.message);
  return { checked: 'background', damaged };
}

export function openDesk(options: DeskOptions): Desk {
  const now = options.now ?? Date.now;
  const log = options.logger ?? silentLogger;
  const timing = integrityTiming(options, databaseFile(options.dataDir));
  const db = openCheckedDatabase(options, timing);
  // A bootstrap that crashed before its end left search deferred: rebuild before anyone searches.
  rebuildSearchIndexIfPending(db);
  let open = true;
  const checkpoints = options.backgroundCheckpoints
    ? backgroundCheckpointsFor(db, databaseFile(options.dataDir), log, () => open)
    : undefined;
  const check =
    timing === 'background' ? checkIntegrityInBackground(databaseFile(options.dataDir)) : undefined;
  const integrity: Promise<IntegrityReport> = check
    ? checkInBackground(options, db, log, check, () => open)
    : Promise.resolve({ checked: timing === 'skip' ? 'skipped' : 'at-open' });
  let identity: DeskIdentity = ensureDeskIdentity(db, now());
  const secrets = createSecretBox(options.keyProvider ?? fileKeyProvider(options.dataDir));
  // Credentials stored in plain text by an older version are sealed now, where the key opens.
  if (!sealPlainCredentials(db, secrets))
    log.warn({}, 'the sync credentials stay unsealed until the desk key can be opened');
  const sessions = new SessionStore(now, () => sessionPolicy(db));
  const identityChanged = () => {
    identity = ensureDeskIdentity(db, now());
  };
  /**
   * The desk's site as the database says now: the head office changes a site's name or legal
   * details (`admin update-site`) and a pull writes the new row, which the next receipt must
   * print without a restart; the command line enrols this data folder while the app runs, and
   * the app's next call is already the new site's (never an order for the site it was). One
   * lookup by key per call; the identity is read again only on a change.
   */
  const siteVersion = db.$client.prepare<[], { siteId: string; updatedAt: number | null }>(
    `SELECT json_extract(settings.value, '$') AS siteId, sites.updated_at AS updatedAt
       FROM settings LEFT JOIN sites ON sites.id = json_extract(settings.value, '$')
       WHERE settings.key = '${siteKey}'`,
  );
  const current = () => {
    // A closed desk keeps saying what it was (hosts log it while shutting down).
    if (!db.$client.open) return identity;
    const row = siteVersion.get();
    if (
      row &&
      (row.siteId !== identity.site.id ||
        (row.updatedAt !== null && row.updatedAt !== identity.site.updatedAt))
    )
      identityChanged();
    return identity;
  };
  const enrolledListeners = new Set<() => void>();
  const enrolled = () => {
    for (const listener of enrolledListeners) listener();
  };
  const context = (actor: Actor, token?: string): HandlerContext => ({
    db,
    actor,
    site: current().site,
    now,
    log,
    dataDir: options.dataDir,
    secrets,
    auth: { sessions, identityChanged, ...(token ? { token } : {}) },
    enrolled,
  });
  const actorForSession = (token: string | undefined): Actor | undefined => {
    const session = token ? sessions.resolve(token) : undefined;
    if (!session) return undefined;
    const user = db.select().from(users).where(eq(users.id, session.userId)).get();
    if (!user?.active) {
      sessions.closeAllFor(session.userId);
      return undefined;
    }
    return { userId: user.id, name: user.name, roles: user.roles, siteId: user.siteId };
  };
  return {
    db,
    dataDir: options.dataDir,
    get site() {
      return current().site;
    },
    get defaultActor() {
      return identity.defaultActor;
    },
    sessions,
    secrets,
    call: (method, input, actor = identity.defaultActor) => dispatch(context(actor), method, input),
    callWithSession: (token, method, input) => {
      const actor = actorForSession(token) ?? anonymousActor(identity.site.id);
      return dispatch(context(actor, token), method, input);
    },
    actorForSession,
    onEnrolled: (listener) => {
      enrolledListeners.add(listener);
      return () => enrolledListeners.delete(listener);
    },
    integrity,
    close: () => {
      open = false;
      check?.stop();
      // The worker's connection closes first, so this one, the last, folds the log into the file.
      checkpoints?.stop();
      db.$client.close();
    },
  };
}

/**
 * Commits stop checkpointing (the worker does it); the desk's own automatic checkpoint stays as
 * a backstop at 10 000 pages (~40 MB of log), in case the worker falls behind. Should the worker
 * end, commits checkpoint at SQLite's usual 1 000 pages again.
 */
function backgroundCheckpointsFor(db: Db, file: string, log: Logger, isOpen: () => boolean) {
  const fallBack = (reason: unknown) => {
    log.warn({ reason: String(reason) }, 'background checkpoints stopped; commits checkpoint');
    if (isOpen()) db.$client.pragma('wal_autocheckpoint = 1000');
  };
  try {
    const checkpoints = startBackgroundCheckpoints(file, { onGone: fallBack });
    db.$client.pragma('wal_autocheckpoint = 10000');
    return checkpoints;
  } catch (error) {
    fallBack(error);
    return undefined;
  }
}
