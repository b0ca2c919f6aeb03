import { eq } from 'drizzle-orm';
import { initialCursor } from '../contract/replication';
import type { Db } from '../db/open';
import { settings, syncState } from '../db/schema';
import type { Tx } from './outbox';

type Reader = Db | Tx;

/** The desk's credentials for the head office; only these and the site identity come from enrolment. */
export interface DeskCredentials {
  serverUrl: string;
  deskId: string;
  secret: string;
}

/**
 * Where credentials live. The default keeps them in the desk's settings table; the Electron
 * shell can provide one backed by safeStorage.
 */
export interface CredentialStore {
  load(): DeskCredentials | null;
  save(credentials: DeskCredentials): void;
}

const credentialsKey = 'sync.credentials';

export function settingsCredentialStore(db: Db): CredentialStore {
  return {
    load: () => {
      const row = db.select().from(settings).where(eq(settings.key, credentialsKey)).get();
      return (row?.value as DeskCredentials | undefined) ?? null;
    },
    save: (credentials) =>
      db
        .insert(settings)
        .values({ key: credentialsKey, value: credentials })
        .onConflictDoUpdate({ target: settings.key, set: { value: credentials } })
        .run(),
  };
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
};

function readValue<T>(db: Reader, key: string): T | undefined {
  return db.select().from(syncState).where(eq(syncState.key, key)).get()?.value as T | undefined;
}

function writeValue(db: Reader, key: string, value: unknown): void {
  db.insert(syncState)
    .values({ key, value })
    .onConflictDoUpdate({ target: syncState.key, set: { value } })
    .run();
}

export function readHealth(db: Reader): SyncHealth {
  return { ...emptyHealth, ...readValue<SyncHealth>(db, healthKey) };
}

export function updateHealth(db: Reader, patch: Partial<SyncHealth>): SyncHealth {
  const next = { ...readHealth(db), ...patch };
  writeValue(db, healthKey, next);
  return next;
}

export function readCursor(db: Reader): string {
  return readValue<string>(db, cursorKey) ?? initialCursor;
}

/** Call inside the transaction that applied the page, so rows and cursor move together. */
export function writeCursor(tx: Reader, cursor: string): void {
  writeValue(tx, cursorKey, cursor);
}
