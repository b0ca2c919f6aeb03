import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

type Statement = Database.Statement<unknown[]>;

/**
 * Upserts pulled rows through prepared statements, one per table and column set (a bootstrap
 * repeats a handful of shapes hundreds of thousands of times: building each insert through
 * drizzle's query builder cost more than SQLite's work). Values go through each column's own
 * `mapToDriverValue`, as drizzle would; keys that are not columns are ignored, as drizzle does.
 *
 * An unchanged row is left alone (`WHERE … IS NOT excluded…`): a desk pulling back its own
 * writes then fires no update triggers, so search indexes are not rebuilt for nothing.
 */
export class PulledRowWriter {
  private readonly statements = new Map<string, Statement>();
  private readonly columns = new Map<SQLiteTable, Record<string, SQLiteColumn>>();

  constructor(private readonly sqlite: Database.Database) {}

  upsert(table: SQLiteTable, data: Record<string, unknown>, onlyColumns?: readonly string[]): void {
    const columns = this.columnsOf(table);
    const keys = Object.keys(data).filter((key) => columns[key] !== undefined);
    const updated = onlyColumns ?? keys.filter((key) => key !== 'id');
    const statement = this.statementFor(table, columns, keys, updated);
    statement.run(
      keys.map((key) => {
        const value = data[key];
        return value === null || value === undefined ? null : columns[key]!.mapToDriverValue(value);
      }),
    );
  }

  private columnsOf(table: SQLiteTable): Record<string, SQLiteColumn> {
    let columns = this.columns.get(table);
    if (!columns) {
      columns = getTableColumns(table);
      this.columns.set(table, columns);
    }
    return columns;
  }

  private statementFor(
    table: SQLiteTable,
    columns: Record<string, SQLiteColumn>,
    keys: string[],
    updated: readonly string[],
  ): Statement {
    const name = getTableName(table);
    const cacheKey = `${name}|${keys.join(',')}|${updated.join(',')}`;
    let statement = this.statements.get(cacheKey);
    if (statement) return statement;
    const quote = (key: string) => `"${columns[key]!.name}"`;
    const set = updated.filter((key) => keys.includes(key)).map(quote);
    const conflict = set.length
      ? `DO UPDATE SET ${set.map((c) => `${c} = excluded.${c}`).join(', ')}
         WHERE ${set.map((c) => `"${name}".${c} IS NOT excluded.${c}`).join(' OR ')}`
      : 'DO NOTHING';
    statement = this.sqlite.prepare(
      `INSERT INTO "${name}" (${keys.map(quote).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})
       ON CONFLICT ("id") ${conflict}`,
    );
    this.statements.set(cacheKey, statement);
    return statement;
  }
}
