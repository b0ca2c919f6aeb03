import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type ServerDb } from '../../server/db/connection';
import { vacuumWhereDue } from '../../server/db/vacuum';
import { scratchPostgres, startTestServer, type TestServer } from '../support/sync-server';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pglite(): Promise<ServerDb> {
  const db = await openPglite();
  cleanups.push(() => db.close());
  return db;
}

/** 1 000 rows, indexed on the column every round changes (so no update can stay in its page). */
async function churnTable(db: ServerDb, name = 'churn') {
  await db.query(`CREATE TABLE ${name} (id int PRIMARY KEY, v int NOT NULL)`);
  await db.query(`CREATE INDEX ${name}_v ON ${name} (v)`);
  await db.query(`INSERT INTO ${name} SELECT g, g FROM generate_series(1, 1000) g`);
}

async function sizes(db: ServerDb, name = 'churn') {
  const [row] = await db.query<{ heap: number; index: number }>(
    `SELECT pg_relation_size('${name}')::int AS heap, pg_relation_size('${name}_v')::int AS index`,
  );
  return row!;
}

describe('a PGlite head office vacuums as autovacuum would (it has none)', () => {
  it('keeps a table updated over and over at its size, where it grows without', async () => {
    const [kept, left] = [await pglite(), await pglite()];
    for (const db of [kept, left]) await churnTable(db);
    expect(await vacuumWhereDue(kept)).toMatchObject({ vacuumed: [] });
    for (let round = 1; round <= 8; round++)
      for (const db of [kept, left]) {
        await db.query('UPDATE churn SET v = v + 1000');
        if (db === kept)
          expect((await vacuumWhereDue(db)).vacuumed, `round ${round}`).toEqual(['public.churn']);
      }
    const [vacuumed, unvacuumed] = [await sizes(kept), await sizes(left)];
    // Eight versions of every row pile up unvacuumed; vacuumed, the space is used again.
    expect(vacuumed.heap * 3).toBeLessThan(unvacuumed.heap);
    expect(vacuumed.index * 2).toBeLessThan(unvacuumed.index);
    const [stats] = await kept.query<{ dead: number; vacuumed: Date | null }>(
      `SELECT n_dead_tup::int AS dead, last_vacuum AS vacuumed
         FROM pg_stat_user_tables WHERE relname = 'churn'`,
    );
    expect(stats).toMatchObject({ dead: 0, vacuumed: expect.any(Date) });
  });

  it('leaves a table under the thresholds alone, and only analyses one changed a little', async () => {
    const db = await pglite();
    await churnTable(db, 'calm');
    await churnTable(db, 'quiet');
    // Just inserted (1 000 rows: under 1 000 + 20 %), so only analysed.
    expect(await vacuumWhereDue(db)).toEqual({
      vacuumed: [],
      analysed: ['public.calm', 'public.quiet'],
    });
    // 200 of 1 000 rows changed: under 50 + 20 % dead, over 50 + 10 % changed.
    await db.query('UPDATE calm SET v = v + 1000 WHERE id <= 200');
    await db.query('UPDATE quiet SET v = v + 1000 WHERE id <= 40');
    expect(await vacuumWhereDue(db)).toEqual({ vacuumed: [], analysed: ['public.calm'] });
    expect(await vacuumWhereDue(db)).toEqual({ vacuumed: [], analysed: [] });
  });

  it('does nothing on PostgreSQL, whose autovacuum does it', async () => {
    const { db, dropSchema } = await scratchPostgres('vacuum_test', 1);
    cleanups.push(dropSchema, () => db.close());
    await churnTable(db);
    await db.query('UPDATE churn SET v = v + 1000');
    expect(await vacuumWhereDue(db)).toEqual({ vacuumed: [], analysed: [] });
  });

  it('the server’s sweep does it, and counts it in its metrics', async () => {
    const server: TestServer = await startTestServer('pglite', { sweepUploadsEveryMs: 50 });
    cleanups.push(() => server.close());
    await churnTable(server.db);
    await server.db.query('UPDATE churn SET v = v + 1000');
    const vacuumed = async () =>
      ((await (await fetch(`${server.url}/metrics`)).json()) as { vacuumedTables: number })
        .vacuumedTables;
    for (let waited = 0; (await vacuumed()) === 0 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await vacuumed()).toBeGreaterThan(0);
    const [stats] = await server.db.query<{ vacuumed: Date | null }>(
      `SELECT last_vacuum AS vacuumed FROM pg_stat_user_tables WHERE relname = 'churn'`,
    );
    expect(stats!.vacuumed).toBeInstanceOf(Date);
  });
});
