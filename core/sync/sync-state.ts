import { eq, inArray, sql } from 'drizzle-orm';
import { initialCursor } from '../contract/replication';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared';
import type { SecretBox } from '../security/secret-box';
import { settings, syncState } from '../db/schema';
import type { Tx } from './outbox';

type Reader = Db | Tx;

/** The desk's credentials for the head office; only these and the site identity come from enrolment. */
export interface DeskCredentials {
  serverUrl: string;
  deskId: string;
  secret: string;
}

/** Where the desk is enrolled, without the secret: reading it needs no key. */
export type Enrolment = Omit<DeskCredentials, 'secret'>;

/** Where credentials live: the desk's settings table, the secret sealed (see below). */
export interface CredentialStore {
  load(): DeskCredentials | null;
  save(credentials: DeskCredentials): void;
}

/**
 * The sync credentials cannot be opened with this process's desk key: typically the CLI or the
 * browser mode on a desk whose key the Electron app wrapped with safeStorage, or the app while
 * the OS keychain is locked. Nothing was read or written.
 */
export class CredentialsLocked extends Error {
  override name = 'CredentialsLocked';
}

const credentialsKey = 'sync.credentials';

/** The stored row: `secret` is the pre-sealing plain form, migrated by `sealPlainCredentials`. */
interface StoredCredentials extends Enrolment {
  sealedSecret?: string;
  secret?: string;
}

/** The sealed secret is bound to its desk and server: a row pointed elsewhere no longer opens. */
const sealContext = ({ serverUrl, deskId }: Enrolment) =>
  `${credentialsKey}:${deskId}@${serverUrl}`;

function readStored(db: Reader): StoredCredentials | null {
  const row = db.select().from(settings).where(eq(settings.key, credentialsKey)).get();
  return (row?.value as StoredCredentials | undefined) ?? null;
}

function writeStored(db: Reader, value: StoredCredentials): void {
  db.insert(settings)
    .values({ key: credentialsKey, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

function withKey<T>(action: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new CredentialsLocked(
      `cannot ${action} the sync credentials with this desk's key: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Throws `CredentialsLocked` unless this process can seal and open with the desk key. */
export function assertKeyOpens(secrets: SecretBox): void {
  const context = `${credentialsKey}:probe`;
  withKey('seal', () => secrets.open(secrets.seal(context, context), context));
}

/**
 * The stored credentials as they are, to tell when another process (the command line's `enrol`)
 * changed them under a running desk; null when the desk is not enrolled.
 */
export function storedCredentialsStamp(db: Reader): string | null {
  const stored = readStored(db);
  return stored ? JSON.stringify(stored) : null;
}

/** Whether, and to which server, the desk is enrolled (the status screen, enrolment checks). */
export function readEnrolment(db: Reader): Enrolment | null {
  const stored = readStored(db);
  return stored ? { serverUrl: stored.serverUrl, deskId: stored.deskId } : null;
}

/**
 * The credentials in the settings table with the secret sealed by the desk's secret box, so the
 * database file alone never reveals it (the server keeps only its hash). Opening and sealing need
 * the desk key; where it cannot be had they throw `CredentialsLocked`.
 */
export function settingsCredentialStore(db: Reader, secrets: SecretBox): CredentialStore {
  return {
    load: () => {
      const stored = readStored(db);
      if (!stored) return null;
      const { serverUrl, deskId } = stored;
      const secret =
        stored.sealedSecret === undefined
          ? stored.secret!
          : withKey('open', () => secrets.open(stored.sealedSecret!, sealContext(stored)));
      return { serverUrl, deskId, secret };
    },
    save: ({ serverUrl, deskId, secret }) => {
      const sealedSecret = withKey('seal', () =>
        secrets.seal(secret, sealContext({ serverUrl, deskId })),
      );
      writeStored(db, { serverUrl, deskId, sealedSecret });
    },
  };
}

/**
 * Seals credentials stored in plain text before sealing existed (read plain, store sealed). Run
 * at open; where the key cannot be had the row stays as it is and `false` comes back. Older
 * backups still hold the plain secret until they age out.
 */
export function sealPlainCredentials(db: Db, secrets: SecretBox): boolean {
  const stored = readStored(db);
  if (stored?.secret === undefined) return true;
  const store = settingsCredentialStore(db, secrets);
  // The plain bytes are overwritten, not just freed, and the log holding them is emptied.
  const secureDelete = db.$client.pragma('secure_delete', { simple: true }) as number;
  db.$client.pragma('secure_delete = ON');
  try {
    store.save({ serverUrl: stored.serverUrl, deskId: stored.deskId, secret: stored.secret });
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    if (error instanceof CredentialsLocked) return false;
    throw error;
  } finally {
    db.$client.pragma(`secure_delete = ${secureDelete}`);
  }
  return true;
}

/** What the last rounds of sync saw; the status screen reads it. */
export interface SyncHealth {
  online: boolean;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  updateRequired: boolean;
  /** Changes still to download at the last pull (bootstrap progress). */
  remaining: number;
  /** The head office's clock minus this desk's at the last pull that said (`SyncStatus`). */
  clockOffsetMs: number | null;
}

const healthKey = 'health';
const cursorKey = 'pull.cursor';

export const emptyHealth: SyncHealth = {
  online: false,
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  updateRequired: false,
  remaining: 0,
  clockOffsetMs: null,
};

// Read and written several times a sync round: prepared once per connection.
function readValue<T>(db: Db, key: string): T | undefined {
  return preparedOnce(db, 'syncState.read', (db) =>
    db
      .select({ value: syncState.value })
      .from(syncState)
      .where(eq(syncState.key, sql.placeholder('key')))
      .prepare(),
  ).get({ key })?.value as T | undefined;
}

function writeValue(db: Db, key: string, value: unknown): void {
  preparedOnce(db, 'syncState.write', (db) =>
    db
      .insert(syncState)
      .values({ key: sql.placeholder('key'), value: sql.placeholder('value') })
      .onConflictDoUpdate({ target: syncState.key, set: { value: sql`excluded.value` } })
      .prepare(),
  ).run({ key, value });
}

export function readHealth(db: Db): SyncHealth {
  return { ...emptyHealth, ...readValue<SyncHealth>(db, healthKey) };
}

export function updateHealth(db: Db, patch: Partial<SyncHealth>): SyncHealth {
  const next = { ...readHealth(db), ...patch };
  writeValue(db, healthKey, next);
  return next;
}

/** Forgets what earlier rounds saw (a desk enrolled again starts with a clean bill). */
export function clearHealth(db: Reader): void {
  db.delete(syncState).where(eq(syncState.key, healthKey)).run();
}

export function readCursor(db: Db): string {
  return readValue<string>(db, cursorKey) ?? initialCursor;
}

/** Call inside the transaction that applied the page, so rows and cursor move together. */
export function writeCursor(db: Db, cursor: string): void {
  writeValue(db, cursorKey, cursor);
}

const haltedKey = 'pull.halted';

/**
 * Why pulling stopped until a person acts. Both mean the head office's database went back in
 * time (restored from a backup): it refused this desk's cursor as ahead of it (`cursor_ahead`),
 * or it has lost changes this desk pushed and it acknowledged (`push_gap`). Either way the
 * cursor names a place the restored database may reuse: once its transactions pass the cursor,
 * paging on from there would skip what it wrote in between. So the desk remembers and stops,
 * instead of retrying until the server stops refusing.
 */
export interface PullHalt {
  reason: 'cursor_ahead' | 'push_gap';
  cursor: string;
  at: number;
}

export function readPullHalt(db: Db): PullHalt | null {
  return readValue<PullHalt>(db, haltedKey) ?? null;
}

/** Stops pulling; a pull halted already keeps its first reason. */
export function haltPull(db: Db, halt: PullHalt): void {
  if (!readPullHalt(db)) writeValue(db, haltedKey, halt);
}

/**
 * A halted pull starts again from the beginning (a desk enrolled again after the head office was
 * restored): the head office's rows replace this desk's copies of them, including changes the
 * restored database lost; rows it does not hold at all stay as this desk has them. Returns
 * whether the pull was halted.
 */
export function restartHaltedPull(tx: Reader): boolean {
  const halted = tx.select().from(syncState).where(eq(syncState.key, haltedKey)).get();
  if (!halted) return false;
  tx.delete(syncState)
    .where(inArray(syncState.key, [haltedKey, cursorKey, resyncKey]))
    .run();
  return true;
}

const resyncKey = 'pull.resync';

/**
 * A download of the head office's rows as they stand, begun because this desk's cursor was older
 * than the archived part of the change log (`core/sync/resync.ts`): the orders of other sites
 * this desk held when it began, and has not been sent again since. An order leaves a desk's
 * scope by an eviction in the change log; one archived before this desk pulled it is not sent,
 * so the orders still listed when the download ends are the ones that left.
 */
export interface Resync {
  unconfirmed: string[];
}

export function readResync(db: Db): Resync | null {
  return readValue<Resync>(db, resyncKey) ?? null;
}

export function writeResync(db: Db, resync: Resync | null): void {
  if (resync) writeValue(db, resyncKey, resync);
  else db.delete(syncState).where(eq(syncState.key, resyncKey)).run();
}

const enrolmentHoldKey = 'sync.enrolmentHold';

/**
 * An enrolled desk becoming another site holds its writes from the check that it may (nothing
 * unsent, no orders of other sites) until its code is spent and adopted: the code retires the
 * desk id it was, so a change queued or an order pulled in between would leave `adoptEnrolment`
 * refusing a desk whose old id no longer works. Kept in the database, so the app and the command
 * line see each other's hold. `until` (the wall clock, whatever a test's `now`) lets a hold left
 * by a process that died lapse; it is well past the enrolment request's own timeout.
 */
interface EnrolmentHold {
  token: string;
  until: number;
}

/** How long a hold lasts at most: twice the 30-second timeout of the enrolment request. */
export const enrolmentHoldMs = 60_000;

/** Holds the desk's writes; returns the token that releases it. Call in the checking transaction. */
export function holdForEnrolment(tx: Reader, token: string): void {
  const value: EnrolmentHold = { token, until: Date.now() + enrolmentHoldMs };
  tx.insert(settings)
    .values({ key: enrolmentHoldKey, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

/** Ends the hold `token` took (all holds when none is named, as the adoption does). */
export function releaseEnrolmentHold(db: Reader, token?: string): void {
  const held = db.select().from(settings).where(eq(settings.key, enrolmentHoldKey)).get()?.value as
    EnrolmentHold | undefined;
  if (held && (token === undefined || held.token === token))
    db.delete(settings).where(eq(settings.key, enrolmentHoldKey)).run();
}

/** Whether an enrolment holds this desk's writes now (read inside the writing transaction). */
export function enrolmentHeld(db: Reader): boolean {
  const held = db.select().from(settings).where(eq(settings.key, enrolmentHoldKey)).get()?.value as
    EnrolmentHold | undefined;
  return !!held && held.until > Date.now();
}
