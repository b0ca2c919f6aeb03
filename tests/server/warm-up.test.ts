import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type ServerDb } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { warmUp } from '../../server/warm-up';
import { postgresUrl } from '../support/sync-server';

describe('warming the server up before it listens', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('on PostgreSQL opens every connection of the pool and leaves nothing behind', async () => {
    const schema = `warm_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
    cleanups.push(async () => {
      await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });
    const db = await openPostgres({ url: postgresUrl, schema, max: 4 });
    cleanups.push(() => db.close());
    await migrateServerDb(db);
    const open = async () =>
      Number(
        (
          await admin<{ n: string }[]>`
            SELECT count(*)::text AS n FROM pg_stat_activity
             WHERE application_name = ${`sportello-server/${schema}`}`
        )[0]!.n,
      );
    expect(await open()).toBeLessThan(4);

    await warmUp(db, Date.now());

    expect(await open()).toBe(4);
    await expectNothingLeft(db);
  });

  it('on PGlite runs once and leaves nothing behind', async () => {
    const db = await openPglite();
    cleanups.push(() => db.close());
    await migrateServerDb(db);
    await warmUp(db, Date.now());
    await expectNothingLeft(db);
  });
});

/** Everything the warm-up wrote was rolled back. */
async function expectNothingLeft(db: ServerDb) {
  const [row] = await db.query<{ n: string }>(
    `SELECT ((SELECT count(*) FROM desks) + (SELECT count(*) FROM records)
           + (SELECT count(*) FROM change_log) + (SELECT count(*) FROM applied_mutations)
           + (SELECT count(*) FROM series_numbers))::text AS n`,
  );
  expect(Number(row!.n)).toBe(0);
}
