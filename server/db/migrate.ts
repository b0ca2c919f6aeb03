import { readMigrationFiles } from 'drizzle-orm/migrator';
import path from 'node:path';
import type { ServerDb } from './connection';

export const serverMigrationsFolder = path.resolve(import.meta.dirname, 'migrations');

/** Arbitrary constant: the advisory lock that lets one instance at a time migrate. */
const migrationLock = 4_711_001;

/** The oldest PostgreSQL the migrations run on (0004 sets a column's compression, new in 14). */
export const oldestPostgres = { number: 140000, name: '14' };

/**
 * Refuses a PostgreSQL older than `oldestPostgres` with what to do, before any migration runs:
 * otherwise the first statement it cannot parse stops the start with a bare syntax error, and
 * the migrations before it are already applied. `server_version_num` is e.g. `150019`.
 */
export function checkPostgresVersion(versionNum: string, version: string): void {
  if (Number(versionNum) >= oldestPostgres.number) return;
  throw new Error(
    `The head-office server needs PostgreSQL ${oldestPostgres.name} or later; this database runs ${version}. Upgrade PostgreSQL (or point DATABASE_URL at a newer one) and start again: nothing was changed.`,
  );
}

/**
 * Applies drizzle-kit's migrations in order, each in its own transaction, recording them in
 * `server_migrations`. Several instances may start at once: the advisory lock serialises them.
 * A database with migrations this build does not know is refused, not silently patched.
 */
export async function migrateServerDb(db: ServerDb): Promise<void> {
  const shipped = readMigrationFiles({ migrationsFolder: serverMigrationsFolder });
  await db.transaction(async (tx) => {
    const [server] = await tx.query<{ num: string; version: string }>(
      `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
    );
    checkPostgresVersion(server!.num, server!.version);
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS server_migrations (id integer PRIMARY KEY, hash text NOT NULL, applied_at bigint NOT NULL)',
    );
    const applied = await tx.query<{ id: number; hash: string }>(
      'SELECT id, hash FROM server_migrations ORDER BY id',
    );
    if (applied.length > shipped.length)
      throw new Error(
        `The server database has ${applied.length} migrations, this build knows ${shipped.length}`,
      );
    applied.forEach((row, i) => {
      if (row.hash !== shipped[i]!.hash)
        throw new Error(`Server migration ${i + 1} differs from the one this build ships`);
    });
    for (const [i, migration] of shipped.entries()) {
      if (i < applied.length) continue;
      for (const statement of migration.sql) if (statement.trim()) await tx.query(statement);
      await tx.query('INSERT INTO server_migrations (id, hash, applied_at) VALUES ($1, $2, $3)', [
        i,
        migration.hash,
        Date.now(),
      ]);
    }
  });
}
