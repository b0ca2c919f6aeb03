import type Database from 'better-sqlite3';

/** Enough for every distinct statement the desk's handlers build; the oldest go first. */
const defaultCapacity = 500;

/**
 * The connection drizzle is given: the same database, but `prepare` keeps compiled statements.
 *
 * Drizzle builds its SQL text anew on every call and asks the driver to prepare it again; for an
 * insert into a table with triggers (search index, model usage) SQLite compiles the triggers
 * too, which made preparing a noticeable part of an intake. The text drizzle builds for a query
 * is the same every time (values are bound, never inlined), so the compiled statement is reused.
 *
 * A statement handed out again is first put back in its default mode (drizzle switches select
 * statements to `raw()` arrays), and one still running an `iterate()` is never shared: that
 * caller gets a fresh one. SQLite recompiles a cached statement by itself after a schema change.
 */
export function cachingConnection(
  sqlite: Database.Database,
  capacity = defaultCapacity,
): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      // Most recently used last, so the first key is the one to drop when full.
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
