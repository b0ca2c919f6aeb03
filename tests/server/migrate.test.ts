import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type ServerDb } from '../../server/db/connection';
import { checkPostgresVersion, migrateServerDb } from '../../server/db/migrate';
import { scratchPostgres } from '../support/sync-server';

describe('server migrations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('refuses a PostgreSQL older than 14 with what to do, and takes 14 and later', () => {
    expect(() => checkPostgresVersion('130016', '13.16 (Debian 13.16-1)')).toThrow(
      /needs PostgreSQL 14 or later; this database runs 13\.16 \(Debian 13\.16-1\)\. Upgrade PostgreSQL/,
    );
    expect(() => checkPostgresVersion('90624', '9.6.24')).toThrow(/runs 9\.6\.24/);
    expect(() => checkPostgresVersion('140000', '14.0')).not.toThrow();
    expect(() => checkPostgresVersion('170005', '17.5')).not.toThrow();
  });

  const backends: [string, () => Promise<ServerDb>][] = [
    ['PGlite', () => openPglite()],
    [
      'PostgreSQL',
      async () => {
        const { db, dropSchema } = await scratchPostgres('migrate_test', 2);
        cleanups.push(dropSchema);
        return db;
      },
    ],
  ];

  for (const [backend, open] of backends)
    describe(`on ${backend}`, () => {
      const applied = async (db: ServerDb) =>
        (await db.query<{ id: number }>('SELECT id FROM server_migrations ORDER BY id')).map(
          (row) => row.id,
        );

      /** What undoes each later migration, last first: a new migration adds its line here. */
      const undo: Record<number, string[]> = {
        10: ['ALTER TABLE desks DROP COLUMN replaced_by'],
        9: ['DROP INDEX records_sites', 'DROP INDEX records_unscoped'],
        8: ['DROP TABLE change_log_horizon', 'ALTER TABLE change_log DROP COLUMN logged_at'],
        7: ['ALTER TABLE enrolment_codes DROP COLUMN replaces_desk_id'],
        6: ['DROP TABLE series_codes'],
        5: [
          'ALTER TABLE desks DROP COLUMN series_code',
          'ALTER TABLE enrolment_codes DROP COLUMN series_code',
        ],
      };

      /** A database as migration `id` left it: migrated to the end, then the later ones undone. */
      const migratedBackTo = async (id: number) => {
        const db = await open();
        cleanups.push(() => db.close());
        await migrateServerDb(db);
        const last = (await applied(db)).at(-1)!;
        expect(Object.keys(undo).map(Number)).toContain(last);
        for (let later = last; later > id; later--) {
          for (const statement of undo[later]!) await db.query(statement);
          await db.query('DELETE FROM server_migrations WHERE id = $1', [later]);
        }
        return db;
      };

      it('applies every migration once, also when two instances start together', async () => {
        const db = await open();
        cleanups.push(() => db.close());
        await Promise.all([migrateServerDb(db), migrateServerDb(db)]);
        const ids = await applied(db);
        expect(ids.length).toBeGreaterThanOrEqual(5);
        expect(ids).toEqual(ids.map((_, i) => i));
        await migrateServerDb(db);
        expect(await applied(db)).toEqual(ids);
      });

      it("names each order series of an older database by its site's code (0005)", async () => {
        const db = await migratedBackTo(4);
        await db.query(
          `INSERT INTO site_registry (id, code, kind) VALUES ('s1', 'MI01', 'reception'), ('s2', 'TO01', 'reception')`,
        );
        await db.query(
          `INSERT INTO series_numbers (site_id, series, n, record_id) VALUES
             ('s1', 'order-2025', 7, 'a'), ('s1', 'order-2026', 1, 'b'), ('s2', 'order-2026', 1, 'c'),
             ('s1', 'warm-up', 1, 'd')`,
        );
        await migrateServerDb(db);
        const series = await db.query<{ series: string; record_id: string }>(
          'SELECT series, record_id FROM series_numbers ORDER BY record_id',
        );
        expect(series).toEqual([
          { series: 'order-MI01-2025', record_id: 'a' },
          { series: 'order-MI01-2026', record_id: 'b' },
          { series: 'order-TO01-2026', record_id: 'c' },
          { series: 'warm-up', record_id: 'd' },
        ]);
      });

      it("gives each site the codes it held: its own and its counters' series, used or revoked (0006)", async () => {
        const db = await migratedBackTo(5);
        await db.query(
          `INSERT INTO site_registry (id, code, kind) VALUES ('s1', 'MI01', 'reception'), ('s2', 'TO01', 'reception')`,
        );
        await db.query(
          `INSERT INTO desks (id, site_id, secret_hash, created_at, revoked_at, series_code) VALUES
             ('d1', 's1', 'h', 1, NULL, NULL), ('d2', 's1', 'h', 1, 5, 'MI01B'),
             ('d3', 's1', 'h', 1, NULL, 'MI01B'), ('d4', 's2', 'h', 1, NULL, 'TO01B')`,
        );
        await db.query(
          `INSERT INTO enrolment_codes (code_hash, site_id, expires_at, series_code) VALUES
             ('c1', 's1', 1, 'MI01C'), ('c2', 's2', 1, NULL), ('c3', 's2', 1, 'TO01B')`,
        );
        await migrateServerDb(db);
        expect(await db.query('SELECT code, site_id FROM series_codes ORDER BY code')).toEqual([
          { code: 'MI01', site_id: 's1' },
          { code: 'MI01B', site_id: 's1' },
          { code: 'MI01C', site_id: 's1' },
          { code: 'TO01', site_id: 's2' },
          { code: 'TO01B', site_id: 's2' },
        ]);
      });

      it('refuses a database migrated by a newer build, or with a migration changed, and changes nothing', async () => {
        const db = await open();
        cleanups.push(() => db.close());
        await migrateServerDb(db);
        const ids = await applied(db);

        await db.query('INSERT INTO server_migrations (id, hash, applied_at) VALUES ($1, $2, $3)', [
          ids.length,
          'from-a-newer-build',
          Date.now(),
        ]);
        await expect(migrateServerDb(db)).rejects.toThrow(
          `The server database has ${ids.length + 1} migrations, this build knows ${ids.length}`,
        );
        await db.query('DELETE FROM server_migrations WHERE id = $1', [ids.length]);

        await db.query(`UPDATE server_migrations SET hash = 'edited' WHERE id = 2`);
        await expect(migrateServerDb(db)).rejects.toThrow(
          'Server migration 3 differs from the one this build ships',
        );
        expect(await applied(db)).toEqual(ids);
      });
    });
});
