import type { ServerDb } from './connection';

/**
 * PostgreSQL's autovacuum, by its default thresholds, for a database that has none running:
 * PGlite has no background workers, so its tables would otherwise never be vacuumed. Every update
 * of `records` (an order's row, each time it changes) leaves the old version behind, in the table
 * and in each of its indexes; unvacuumed, a site's download reads its rows among them (0.7 s a page
 * once 400 000 had gathered, in the scope-download bench). Also the planner's statistics would
 * never follow the tables as they grow.
 *
 * Vacuumed: a table whose dead rows exceed 50 + 20 % of its rows, or whose rows inserted since
 * its last vacuum exceed 1 000 + 20 % (the change log: so its pages are marked all-visible and
 * frozen in time). Analysed only: rows changed since the last analyse above 50 + 10 %. These are
 * `autovacuum_vacuum_threshold`/`_scale_factor`, `autovacuum_vacuum_insert_threshold`/
 * `_scale_factor` and `autovacuum_analyze_threshold`/`_scale_factor` as PostgreSQL ships them.
 *
 * PostgreSQL runs its own autovacuum, so there this does nothing. PGlite is one connection: while
 * a table is vacuumed, requests wait for it (the server's sweep calls this once an hour).
 */
export async function vacuumWhereDue(
  db: ServerDb,
): Promise<{ vacuumed: string[]; analysed: string[] }> {
  const done = { vacuumed: [] as string[], analysed: [] as string[] };
  if (db.kind !== 'pglite') return done;
  // The counts below are flushed at the end of a transaction, at most once a second: this one's.
  await db.query('SELECT pg_stat_force_next_flush()');
  const tables = await db.query<{
    schema: string;
    name: string;
    live: number;
    dead: number;
    inserted: number;
    changed: number;
  }>(
    `SELECT schemaname AS schema, relname AS name, n_live_tup::float8 AS live,
            n_dead_tup::float8 AS dead, n_ins_since_vacuum::float8 AS inserted,
            n_mod_since_analyze::float8 AS changed
       FROM pg_stat_user_tables
      ORDER BY schemaname, relname`,
  );
  for (const t of tables) {
    const table = `${quoted(t.schema)}.${quoted(t.name)}`;
    if (t.dead > 50 + 0.2 * t.live || t.inserted > 1000 + 0.2 * t.live) {
      await db.query(`VACUUM (ANALYZE) ${table}`);
      done.vacuumed.push(`${t.schema}.${t.name}`);
    } else if (t.changed > 50 + 0.1 * t.live) {
      await db.query(`ANALYZE ${table}`);
      done.analysed.push(`${t.schema}.${t.name}`);
    }
  }
  return done;
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
