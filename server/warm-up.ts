import type { ServerDb } from './db/connection';
import { pullPage } from './pull';
import { readRecord, writeRecord } from './records';

class RollBack extends Error {}

/** A made-up id per connection warmed, so that the warm-ups do not wait on each other's rows. */
const warmUpId = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;

/**
 * Runs the statements of a push and a pull once, in a transaction that is rolled back, before
 * the server accepts requests. A just-started PGlite spends most of a second on its first write
 * (query paths compiled on first use): desks coming back after a restart should not wait for it.
 * On PostgreSQL it does so on every connection of the pool at once, so that each is open, its
 * backend has read the tables' definitions and the statements are prepared: after a restart the
 * desks all come back at the same moment (`push-load`'s first round: max 355–387 → 274–286 ms).
 */
export async function warmUp(db: ServerDb, now: number): Promise<void> {
  await Promise.all(
    Array.from({ length: db.connections }, (_, i) => warmConnection(db, now, warmUpId(i))),
  );
}

async function warmConnection(db: ServerDb, now: number, nobody: string): Promise<void> {
  await db
    .transaction(async (tx) => {
      await tx.query(
        'INSERT INTO desks (id, site_id, secret_hash, created_at) VALUES ($1, $1, $1, $2)',
        [nobody, now],
      );
      await tx.query('SELECT last_seq FROM desks WHERE id = $1 FOR UPDATE', [nobody]);
      await tx.query('SELECT 1 FROM applied_mutations WHERE mutation_id = $1', [nobody]);
      await tx.query('SAVEPOINT warm_up');
      await readRecord(tx, 'warm_up', nobody, { lock: true });
      for (const data of [{ id: nobody, n: 1 }, { n: 2 }])
        await writeRecord(tx, { tbl: 'warm_up', id: nobody, data, sites: [nobody], now });
      await writeRecord(tx, { tbl: 'warm_up', id: nobody, data: {}, sites: [], now });
      await readRecord(tx, 'warm_up', nobody);
      await tx.query(
        `INSERT INTO series_numbers (site_id, series, n, record_id) VALUES ($1, 'warm-up', 1, $1)
         ON CONFLICT DO NOTHING RETURNING n`,
        [nobody],
      );
      await tx.query('ROLLBACK TO SAVEPOINT warm_up');
      await writeRecord(tx, { tbl: 'warm_up', id: nobody, data: { n: 3 }, sites: null, now });
      await tx.query('RELEASE SAVEPOINT warm_up');
      await tx.query(
        `INSERT INTO applied_mutations (desk_id, seq, mutation_id, name, status, client_at, server_at, skew_ms)
         VALUES ($1, 1, $1, 'warm_up', 'accepted', $2, $2, 0)`,
        [nobody, now],
      );
      await tx.query('UPDATE desks SET last_seq = 1, last_seen_at = $2 WHERE id = $1', [
        nobody,
        now,
      ]);
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  for (const siteKind of ['reception', 'head_office'] as const)
    await pullPage(
      db,
      { deskId: nobody, siteId: nobody, siteCode: 'WARM', seriesCode: 'WARM', siteKind },
      { xid: '0', seq: '0' },
      1,
    );
}
