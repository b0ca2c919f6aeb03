import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type ServerDb } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { warmUp } from '../../server/warm-up';
import { scratchPostgres } from '../support/sync-server';

describe('warming the server up before it listens', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('on PostgreSQL opens every connection of the pool and leaves nothing behind', async () => {
    const { db, admin, schema, dropSchema } = await scratchPostgres('warm_test', 4);
    cleanups.push(dropSchema, () => db.close());
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
