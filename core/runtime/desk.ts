import path from 'node:path';
import type { MethodName } from '../contract';
import type { Result } from '../contract/errors';
import { openDatabase, type Db } from '../db/open';
import {
  silentLogger,
  type Actor,
  type HandlerContext,
  type Logger,
  type SiteRow,
} from './context';
import { dispatch } from './dispatch';
import { ensureDeskIdentity } from './embedded-defaults';
import { createSecretBox, fileKeyProvider, type KeyProvider } from '../security/secret-box';

export interface DeskOptions {
  dataDir: string;
  migrationsFolder?: string;
  logger?: Logger;
  now?: () => number;
  synchronous?: 'FULL' | 'NORMAL';
  /** Where the secret key comes from; a key file in the data folder unless the shell wraps it. */
  keyProvider?: KeyProvider;
}

/** One desk: its database, its identity, and the contract's handlers bound to them. */
export interface Desk {
  db: Db;
  dataDir: string;
  site: SiteRow;
  /** Who acts when no one has signed in (until sign-in exists, the desk's counter user). */
  defaultActor: Actor;
  call(method: MethodName | string, input: unknown, actor?: Actor): Promise<Result<unknown>>;
  close(): void;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'desk.sqlite');
}

export function openDesk(options: DeskOptions): Desk {
  const now = options.now ?? Date.now;
  const log = options.logger ?? silentLogger;
  const db = openDatabase({
    file: databaseFile(options.dataDir),
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    ...(options.synchronous ? { synchronous: options.synchronous } : {}),
  });
  const { site, defaultActor } = ensureDeskIdentity(db, now());
  const secrets = createSecretBox(options.keyProvider ?? fileKeyProvider(options.dataDir));
  const dataDir = options.dataDir;
  const context = (actor: Actor): HandlerContext => ({
    db,
    actor,
    site,
    now,
    log,
    dataDir,
    secrets,
  });
  return {
    db,
    dataDir: options.dataDir,
    site,
    defaultActor,
    call: (method, input, actor = defaultActor) => dispatch(context(actor), method, input),
    close: () => db.$client.close(),
  };
}
