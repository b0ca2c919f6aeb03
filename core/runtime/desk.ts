import { eq } from 'drizzle-orm';
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
import { ensureDeskIdentity, type DeskIdentity } from './embedded-defaults';
import { createSecretBox, fileKeyProvider, type KeyProvider } from '../security/secret-box';
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
  call(method: MethodName | string, input: unknown, actor?: Actor): Promise<Result<unknown>>;
  /** A call on behalf of whoever holds `token`; without a live session only public methods answer. */
  callWithSession(
    token: string | undefined,
    method: MethodName | string,
    input: unknown,
  ): Promise<Result<unknown>>;
  /** The signed-in person behind a token, or undefined when the session is over. */
  actorForSession(token: string | undefined): Actor | undefined;
  close(): void;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'desk.sqlite');
}

function openCheckedDatabase(options: DeskOptions): Db {
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
  if (options.skipIntegrityCheck) return db;
  const problems = integrityProblems(db.$client);
  if (problems.length > 0) {
    db.$client.close();
    throw new DamagedDatabaseError(file, problems, readLastBackup(options.dataDir));
  }
  return db;
}

export function openDesk(options: DeskOptions): Desk {
  const now = options.now ?? Date.now;
  const log = options.logger ?? silentLogger;
  const db = openCheckedDatabase(options);
  // A bootstrap that crashed before its end left search deferred: rebuild before anyone searches.
  rebuildSearchIndexIfPending(db);
  let identity: DeskIdentity = ensureDeskIdentity(db, now());
  const secrets = createSecretBox(options.keyProvider ?? fileKeyProvider(options.dataDir));
  const sessions = new SessionStore(now, () => sessionPolicy(db));
  const identityChanged = () => {
    identity = ensureDeskIdentity(db, now());
  };
  const context = (actor: Actor, token?: string): HandlerContext => ({
    db,
    actor,
    site: identity.site,
    now,
    log,
    dataDir: options.dataDir,
    secrets,
    auth: { sessions, identityChanged, ...(token ? { token } : {}) },
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
      return identity.site;
    },
    get defaultActor() {
      return identity.defaultActor;
    },
    sessions,
    call: (method, input, actor = identity.defaultActor) => dispatch(context(actor), method, input),
    callWithSession: (token, method, input) => {
      const actor = actorForSession(token) ?? anonymousActor(identity.site.id);
      return dispatch(context(actor, token), method, input);
    },
    actorForSession,
    close: () => db.$client.close(),
  };
}
