import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type ServerDb } from '../../server/db/connection';

// The server's PGlite runs parameterised statements as named prepared statements in one trip
// (server/db/pglite-statements.ts). It must answer exactly what PGlite's own `query` answers,
// fail the same way, and leave the session usable after a failure, in and out of transactions.

describe('prepared statements on PGlite', () => {
  let db: ServerDb;
  let plain: PGlite;

  beforeAll(async () => {
    [db, plain] = await Promise.all([openPglite(), PGlite.create()]);
    const ddl = `CREATE TABLE t (id text PRIMARY KEY, n bigint, j jsonb, tags text[], ok boolean,
                 at timestamptz, amount integer, note text)`;
    const bytes = 'CREATE TABLE b (id integer PRIMARY KEY, data bytea)';
    await db.query(ddl);
    await plain.exec(ddl);
    await db.query(bytes);
    await plain.exec(bytes);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await plain?.close();
  });

  const insert = `INSERT INTO t (id, n, j, tags, ok, at, amount, note)
    VALUES ($1, $2::text::bigint, $3::text::jsonb, $4::text::text[], $5, $6::text::timestamptz, $7, $8)
    ON CONFLICT (id) DO UPDATE SET note = excluded.note RETURNING *`;
  const row = fc.record({
    id: fc.string({ minLength: 1, maxLength: 8 }),
    n: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }).map(String),
    j: fc.jsonValue().map((v) => JSON.stringify({ v })),
    tags: fc
      .array(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 3 })
      .map((a) => `{${a.join(',')}}`),
    ok: fc.boolean(),
    at: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    amount: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    note: fc.option(
      fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000')),
      { nil: null },
    ),
  });

  it('answers what PGlite query answers, for every column type the server reads', async () => {
    await fc.assert(
      fc.asyncProperty(row, async (r) => {
        const params = [r.id, r.n, r.j, r.tags, r.ok, r.at, r.amount, r.note];
        const ours = await db.query(insert, params);
        const theirs = (await plain.query(insert, params)).rows;
        expect(ours).toEqual(theirs);
        const select = 'SELECT *, n::text AS n_text, j->$2 AS missing FROM t WHERE id = $1';
        expect(await db.query(select, [r.id, 'x'])).toEqual(
          (await plain.query(select, [r.id, 'x'])).rows,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('writes and reads bytes exactly, as PGlite query does (photo chunks)', async () => {
    let id = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (data) => {
        id++;
        const insert = 'INSERT INTO b (id, data) VALUES ($1, $2)';
        // A view into a larger buffer: only its own bytes are sent.
        const framed = new Uint8Array(data.length + 8);
        framed.set(data, 4);
        await db.query(insert, [id, framed.subarray(4, 4 + data.length)]);
        await plain.query(insert, [id, data]);
        const select = 'SELECT data, length(data) AS n FROM b WHERE id = $1';
        const [ours] = await db.query<{ data: Uint8Array; n: number }>(select, [id]);
        const [theirs] = (await plain.query<{ data: Uint8Array; n: number }>(select, [id])).rows;
        expect(ours).toEqual(theirs);
        expect(ours!.data).toBeInstanceOf(Uint8Array);
        expect(Array.from(ours!.data)).toEqual(Array.from(data));
      }),
      { numRuns: 100 },
    );
    const large = new Uint8Array(256 * 1024).map((_, i) => (i * 7919) % 256);
    await db.query('INSERT INTO b (id, data) VALUES ($1, $2)', [-1, large]);
    const [back] = await db.query<{ data: Uint8Array }>('SELECT data FROM b WHERE id = $1', [-1]);
    expect(Buffer.compare(back!.data, large)).toBe(0);
  });

  it('reports a failed statement with its code and keeps the session usable', async () => {
    await db.query(insert, ['dup', '1', '{}', '{}', true, '2026-01-01T00:00:00Z', 1, null]);
    await expect(db.query('INSERT INTO t (id) VALUES ($1)', ['dup'])).rejects.toMatchObject({
      code: '23505',
    });
    expect(await db.query('SELECT id FROM t WHERE id = $1', ['dup'])).toEqual([{ id: 'dup' }]);
  });

  it('rolls back to a savepoint after a failure inside a transaction and commits the rest', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id, note) VALUES ($1, $2)', ['tx-1', 'kept']);
      await tx.query('SAVEPOINT one');
      await expect(
        tx.query('INSERT INTO t (id, note) VALUES ($1, $2)', ['tx-1', 'again']),
      ).rejects.toMatchObject({ code: '23505' });
      await tx.query('ROLLBACK TO SAVEPOINT one');
      await tx.query('INSERT INTO t (id, note) VALUES ($1, $2)', ['tx-2', 'kept']);
    });
    expect(await db.query('SELECT id, note FROM t WHERE id LIKE $1 ORDER BY id', ['tx-%'])).toEqual(
      [
        { id: 'tx-1', note: 'kept' },
        { id: 'tx-2', note: 'kept' },
      ],
    );
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES ($1)', ['gone']);
        await tx.query('INSERT INTO t (id) VALUES ($1)', ['dup']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM t WHERE id = $1', ['gone'])).toEqual([]);
  });

  it('does not remember a statement that did not parse', async () => {
    await expect(db.query('SELEC id FROM t WHERE id = $1', ['x'])).rejects.toMatchObject({
      code: '42601',
    });
    await expect(db.query('SELEC id FROM t WHERE id = $1', ['x'])).rejects.toMatchObject({
      code: '42601',
    });
  });

  it('keeps queries outside a transaction out of one that is running', async () => {
    let inside!: () => void;
    const holding = new Promise<void>((resolve) => (inside = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES ($1)', ['held']);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.query('UPDATE t SET note = $2 WHERE id = $1', ['held', 'done']);
    });
    await holding;
    // Waits for the commit instead of reading inside the open transaction.
    const seen = await db.query<{ note: string }>('SELECT note FROM t WHERE id = $1', ['held']);
    await transaction;
    expect(seen).toEqual([{ note: 'done' }]);
  });
});
