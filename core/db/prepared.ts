import type Database from 'better-sqlite3';
import type { Db } from './open';

const byConnection = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * A drizzle query built and prepared once per connection, for the desk's hottest paths.
 *
 * Drizzle rebuilds a query's SQL text on every call; the statement cache (`statement-cache.ts`)
 * spares SQLite's compile, not the building, which for the outbox's batch read cost ~110 µs
 * empty and ~250 µs with a row, against ~25 and ~50 µs prepared (a sync round reads the outbox
 * and the sync state several times; in the simulator these were the top callers of drizzle). Give
 * values as `sql.placeholder(…)`. The query runs on the connection it was built on, also inside
 * a transaction that connection has open (better-sqlite3 runs everything on the one connection).
 */
export function preparedOnce<T>(db: Db, key: string, build: (db: Db) => T): T {
  let queries = byConnection.get(db.$client);
  if (!queries) {
    queries = new Map();
    byConnection.set(db.$client, queries);
  }
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(key, query);
  }
  return query;
}
