import type Database from 'better-sqlite3';

/**
 * Secondary indexes set aside while a bootstrap writes hundreds of thousands of pulled rows.
 *
 * Each pulled page is one transaction, and every row it inserts lands at a random place in
 * indexes such as customers by name or phone, devices by serial: a page of 2 500 changes dirties
 * a leaf page of each such index per row, and the commit writes them all to the log again. A
 * head-office bootstrap of 100 000 orders wrote ~10 GB to disk for a ~400 MB file that way.
 * Dropping those indexes for the bootstrap and building each once at its end (a sort, written
 * in order) cuts that to ~1 GB and the desk's CPU time by about 40 % (`npm run bench`,
 * replication-throughput; docs/decisions.md "A bootstrap builds its secondary indexes once").
 *
 * What is set aside is kept in a settings row beside the drop, in the same transaction, with
 * each index's own `CREATE` statement as SQLite stored it; the row is cleared in the transaction
 * that builds them again. A crash in between leaves the row, and the next open builds the indexes
 * before its migrations run (a migration may name an index), so no version ever sees a schema
 * short of an index it created.
 */
export const deferredIndexesKey = 'indexes.deferred';

/** An index as SQLite keeps it: its name and the statement that created it. */
export interface DeferredIndex {
  name: string;
  sql: string;
}

/**
 * Indexes the pulled-page apply looks rows up by, which stay: a page evicting an order deletes
 * its children by `order_id`, and an erased customer's photos are found through their orders by
 * `customer_id`. Without them a bootstrap that evicts or erases would scan whole tables per row.
 */
const lookedUpByApply: ReadonlyArray<{ table?: string; column: string }> = [
  { column: 'order_id' },
  { table: 'repair_orders', column: 'customer_id' },
];

function settingsTableExists(sqlite: Database.Database): boolean {
  return (
    sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'")
      .get() !== undefined
  );
}

/** The indexes set aside by a bootstrap that has not finished (none when nothing is pending). */
export function deferredIndexes(sqlite: Database.Database): DeferredIndex[] {
  if (!settingsTableExists(sqlite)) return [];
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(deferredIndexesKey) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as DeferredIndex[]) : [];
}

/**
 * Drops the non-unique secondary indexes of `tables` that the apply does not look up by, and
 * notes them for `restoreDeferredIndexes`. Call inside the transaction of a bootstrap's first
 * page. Unique indexes stay: they are constraints, and the pulled rows' upserts rely on them.
 */
export function deferSecondaryIndexes(sqlite: Database.Database, tables: readonly string[]): void {
  const already = deferredIndexes(sqlite);
  const candidates = sqlite
    .prepare(
      `SELECT name, tbl_name AS tableName, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(tables)) as { name: string; tableName: string; sql: string }[];
  const deferred = candidates.filter(({ name, tableName }) => {
    const unique = (
      sqlite.pragma(`index_list("${tableName}")`) as { name: string; unique: number }[]
    ).find((index) => index.name === name)!.unique;
    if (unique) return false;
    const [first] = sqlite.pragma(`index_info("${name}")`) as { name: string }[];
    return !lookedUpByApply.some(
      (kept) => kept.column === first?.name && (kept.table ?? tableName) === tableName,
    );
  });
  if (deferred.length === 0) return;
  for (const { name } of deferred) sqlite.exec(`DROP INDEX "${name}"`);
  const noted = [...already, ...deferred.map(({ name, sql }) => ({ name, sql }))];
  sqlite
    .prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(deferredIndexesKey, JSON.stringify(noted));
}

/**
 * Builds the indexes a bootstrap set aside and clears the note, in one transaction (an index
 * that exists already is left as it is). Does nothing, and takes no write lock, when nothing is
 * pending. Returns how many it built.
 */
export function restoreDeferredIndexes(sqlite: Database.Database): number {
  if (deferredIndexes(sqlite).length === 0) return 0;
  return sqlite
    .transaction(() => {
      const pending = deferredIndexes(sqlite);
      const exists = sqlite.prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
      );
      let built = 0;
      for (const { name, sql } of pending) {
        if (exists.get(name)) continue;
        sqlite.exec(sql);
        built++;
      }
      sqlite.prepare('DELETE FROM settings WHERE key = ?').run(deferredIndexesKey);
      return built;
    })
    .immediate();
}
