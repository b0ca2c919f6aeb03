import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { cachingConnection } from './statement-cache';
import { restoreDeferredIndexes } from './deferred-indexes';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const defaultMigrationsFolder = path.resolve(import.meta.dirname, 'migrations');

export interface OpenOptions {
  /** The database file; ':memory:' for a throwaway one. */
  file: string;
  migrationsFolder?: string;
  /** FULL makes every commit durable before it returns (the default). */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * SQLite's page cache per connection (KiB): 32 MB instead of SQLite's 2 MB, so a desk with
 * 100 000 orders keeps its indexes in memory. A bootstrap, which sets its indexes aside, runs
 * with 4 MB (`bootstrapCacheKib` in `core/sync/pull-pages.ts`).
 */
export const deskCacheKib = 32_768;

export class DivergedHistoryError extends Error {
  constructor(detail: string) {
    super(`The database's migration history does not match this version of Sportello: ${detail}`);
    this.name = 'DivergedHistoryError';
  }
}

export function openDatabase(options: OpenOptions): Db {
  if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new Database(options.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${deskCacheKib}`);
  // Drizzle prepares through a statement cache; `$client` stays the plain connection.
  const db = drizzle({ client: cachingConnection(sqlite), schema }) as Db;
  db.$client = sqlite;
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  try {
    const shipped = shippedMigrations(migrationsFolder);
    checkMigrationHistory(sqlite, shipped);
    // A bootstrap cut short left indexes set aside: build them before a migration may name one.
    restoreDeferredIndexes(sqlite);
    // What drizzle's `migrate` does, with the files read once per process instead of per open.
    // (`dialect` and `session` are drizzle's internals, hidden from its public types.)
    const internals = db as unknown as {
      dialect: { migrate(m: MigrationMeta[], session: unknown, config: object): void };
      session: unknown;
    };
    internals.dialect.migrate(shipped, internals.session, { migrationsFolder });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return db;
}

const migrationsRead = new Map<string, MigrationMeta[]>();

/**
 * The migrations this build ships, read and hashed once per folder: they do not change while the
 * process runs, and a desk reopens its file after every restore (the simulator, at every crash).
 */
function shippedMigrations(folder: string): MigrationMeta[] {
  let shipped = migrationsRead.get(folder);
  if (!shipped) {
    shipped = readMigrationFiles({ migrationsFolder: folder });
    migrationsRead.set(folder, shipped);
  }
  return shipped;
}

/**
 * Refuses a database whose applied migrations are not a prefix of the ones this build ships:
 * a newer build wrote it, or someone edited a migration that had already run.
 */
function checkMigrationHistory(sqlite: Database.Database, shipped: MigrationMeta[]): void {
  const table = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'",
    )
    .get();
  if (!table) return;
  const applied = sqlite
    .prepare(
      'SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at, id',
    )
    .all() as { hash: string; createdAt: number }[];
  if (applied.length > shipped.length) {
    throw new DivergedHistoryError(
      `it has ${applied.length} migrations applied, this build knows ${shipped.length}`,
    );
  }
  applied.forEach((row, i) => {
    const expected = shipped[i]!;
    if (row.hash !== expected.hash || Number(row.createdAt) !== expected.folderMillis) {
      throw new DivergedHistoryError(`migration ${i + 1} differs from the one this build ships`);
    }
  });
}
