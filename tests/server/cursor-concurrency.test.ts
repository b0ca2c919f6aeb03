import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { customers, orderEvents, repairOrders } from '../../core/db/schema';
import type { Db } from '../../core/db/open';
import { syncOnce } from '../../core/sync/sync-once';
import { readCursor } from '../../core/sync/sync-state';
import { openPostgres } from '../../server/db/connection';
import { writeRecord } from '../../server/records';
import { expectOk, intakeInput } from '../support/desk';
import { enrolledDesk } from '../support/sync-desk';
import { postgresUrl, startTestServer, type TestServer } from '../support/sync-server';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the pull cursor on PostgreSQL with concurrent writers', () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  it('a change committed after a later-numbered one is still delivered', async () => {
    server = await startTestServer('postgres');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    await headOffice.sync();
    const slow = await openPostgres({ url: postgresUrl, schema: server.schema, max: 1 });
    const fast = await openPostgres({ url: postgresUrl, schema: server.schema, max: 1 });
    const now = Date.now();
    const written = deferred();
    const release = deferred();
    // The slow transaction takes the lower xid and seq, then waits before committing.
    const slowTx = slow.transaction(async (tx) => {
      await writeRecord(tx, { tbl: 'parts', id: 'slow', data: { id: 'slow' }, sites: null, now });
      written.resolve();
      await release.promise;
    });
    await written.promise;
    await fast.transaction((tx) =>
      writeRecord(tx, { tbl: 'parts', id: 'fast', data: { id: 'fast' }, sites: null, now }),
    );
    const seqs = await server.db.query<{ id: string; seq: string }>(
      "SELECT id, seq::text FROM change_log WHERE tbl = 'parts' ORDER BY seq",
    );
    // A cursor on seq alone would now hand out `fast` and move past `slow` for ever.
    expect(seqs.map((r) => r.id)).toEqual(['fast']);

    const during = await headOffice.transport.pull(cursorOf(headOffice), 100);
    expect(during.changes.filter((c) => c.tbl === 'parts')).toEqual([]);

    release.resolve();
    await slowTx;
    const after = await headOffice.transport.pull(cursorOf(headOffice), 100);
    expect(after.changes.filter((c) => c.tbl === 'parts').map((c) => c.id)).toEqual([
      'slow',
      'fast',
    ]);
    await slow.close();
    await fast.close();
  });

  it('two server instances take pushes from four desks while the head office pulls: nothing is skipped', async () => {
    server = await startTestServer('postgres', { instances: 2 });
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office', server.urls[1]);
    const desks = await Promise.all(
      ['MI01', 'RM01', 'TO01', 'NA01'].map((code, i) =>
        enrolledDesk(server, code, 'reception', server.urls[i % 2]),
      ),
    );
    const perDesk = 15;
    let pushing = true;
    const pulling = (async () => {
      while (pushing) await syncOnce(headOffice, headOffice.transport, { pageSize: 7 });
    })();
    await Promise.all(
      desks.map(async (desk) => {
        for (let i = 0; i < perDesk; i++) {
          await expectOk(desk.call('createIntake', intakeInput()));
          if (i % 3 === 2) expect((await desk.sync()).ok).toBe(true);
        }
        expect((await desk.sync()).ok).toBe(true);
      }),
    );
    pushing = false;
    await pulling;
    await syncOnce(headOffice, headOffice.transport, { pageSize: 7 });
    const total = desks.length * perDesk;
    expect(headOffice.db.select({ n: count() }).from(repairOrders).get()!.n).toBe(total);
    expect(headOffice.db.select({ n: count() }).from(orderEvents).get()!.n).toBe(total);
    expect(headOffice.db.select({ n: count() }).from(customers).get()!.n).toBe(total);
  });
});

function cursorOf(desk: { db: Db }): string {
  return readCursor(desk.db);
}
