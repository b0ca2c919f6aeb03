import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * A prepared INSERT for one drizzle table that takes the same row objects `db.insert()` does
 * (same keys, same column defaults, JSON columns encoded the same way) without drizzle's
 * per-call query building — for loading hundreds of thousands of rows.
 */
export function bulkInserter<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
): (row: T['$inferInsert']) => void {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => {
    if (column.hasDefault && is(column.default, SQL)) {
      throw new Error(`bulk insert cannot evaluate the SQL default of ${key}`);
    }
    const fallback =
      column.hasDefault && column.default != null ? column.mapToDriverValue(column.default) : null;
    return { key, name: column.name, column, fallback };
  });
  const statement = sqlite.prepare(
    `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c.name}"`).join(', ')})
     VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return (row) => {
    const given = row as Record<string, unknown>;
    const values = columns.map(({ key, column, fallback }) => {
      const value = given[key];
      return value === undefined || value === null ? fallback : column.mapToDriverValue(value);
    });
    statement.run(values);
  };
}
