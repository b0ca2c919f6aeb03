import { count } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initialCursor } from '../../../core/contract/replication';
import { auditLog, customers, orderEvents, repairOrders } from '../../../core/db/schema';
import type { Db } from '../../../core/db/open';
import { deskCacheKib } from '../../../core/db/open';
import { bootstrapCacheKib } from '../../../core/sync/pull-pages';
import { syncOnce } from '../../../core/sync/sync-once';
import { readCursor, writeCursor } from '../../../core/sync/sync-state';
import type { SyncTransport } from '../../../core/sync/transport';
import { expectOk, intakeInput } from '../../support/desk';
import { enrolledDesk, type SyncedDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

function tally(db: Db) {
  const n = (
    table: typeof customers | typeof repairOrders | typeof orderEvents | typeof auditLog,
  ) => db.select({ n: count() }).from(table).get()!.n;
  const found = db.$client
    .prepare(`SELECT count(*) AS n FROM order_search WHERE order_search MATCH '"0199"'`)
    .get() as { n: number };
  return {
    customers: n(customers),
    orders: n(repairOrders),
    events: n(orderEvents),
    audit: n(auditLog),
    searchHits: found.n,
  };
}

/** The desk's own transport, with a page of the server's answer spoiled on request. */
function spoiling(desk: SyncedDesk, spoilPage: number): SyncTransport & { requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    push: (mutations) => desk.transport.push(mutations),
    async pull(cursor, limit, options) {
      requests.push(cursor);
      const page = await desk.transport.pull(cursor, limit, options);
      if (requests.length !== spoilPage) return page;
      // An order without its number: the desk's NOT NULL refuses it mid-page.
      const changes = page.changes.map((c) =>
        c.tbl === 'repair_orders' && c.data ? { ...c, data: { ...c.data, number: null } } : c,
      );
      return { ...page, changes };
    },
  };
}

describe('pulling pages at a head-office desk', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  async function serverWithOrders(n: number) {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    for (let i = 0; i < n; i++) await expectOk(desk.call('createIntake', intakeInput()));
    expect((await desk.sync()).push.rejected).toBe(0);
    return enrolledDesk(server, 'HQ', 'head_office');
  }

  it('a page that fails to apply keeps the cursor before it, and the page fetched ahead is not applied', async () => {
    const headOffice = await serverWithOrders(6);
    const transport = spoiling(headOffice, 2);

    const failed = await syncOnce(headOffice, transport, { pageSize: 5 });
    expect(failed.ok).toBe(false);
    // Page 1 applied; page 2 refused whole; page 3 was requested ahead but never applied.
    expect(transport.requests).toHaveLength(3);
    expect(readCursor(headOffice.db)).toBe(transport.requests[1]);
    const partial = tally(headOffice.db);

    const healed = await syncOnce(headOffice, headOffice.transport, { pageSize: 5 });
    expect(healed.ok).toBe(true);
    expect(partial.orders).toBeLessThan(6);
    expect(tally(headOffice.db)).toMatchObject({ orders: 6, customers: 6, events: 6 });
  });

  it('pulling everything again from the start changes nothing and search still finds every order', async () => {
    const headOffice = await serverWithOrders(4);
    await headOffice.sync();
    const first = tally(headOffice.db);
    expect(first).toMatchObject({ orders: 4, searchHits: 4 });

    writeCursor(headOffice.db, initialCursor);
    const again = await syncOnce(headOffice, headOffice.transport, { pageSize: 3 });
    expect(again.ok).toBe(true);
    expect(again.pulled).toBeGreaterThan(0);
    expect(tally(headOffice.db)).toEqual(first);
  });

  it('progress counts down from the first page to zero', async () => {
    const headOffice = await serverWithOrders(5);
    const remaining: number[] = [];
    const round = await syncOnce(headOffice, headOffice.transport, {
      pageSize: 4,
      onProgress: (p) => remaining.push(p.remaining),
    });
    expect(round.pages).toBeGreaterThan(3);
    expect(remaining.at(-1)).toBe(0);
    for (let i = 1; i < remaining.length; i++) expect(remaining[i]).toBeLessThan(remaining[i - 1]!);
    expect(remaining[0]! + 4).toBe(round.pulled);
  });

  it('a round far behind runs with the smaller page cache, and the desk gets its own back however the round ends', async () => {
    const headOffice = await serverWithOrders(6);
    const cacheKib = () =>
      -(headOffice.db.$client.pragma('cache_size', { simple: true }) as number);
    expect(cacheKib()).toBe(deskCacheKib);
    // The cache each request found: the second leaves before the first page is applied, so from
    // the third on, the bootstrap's.
    const seen: number[] = [];
    const watching = (inner: SyncTransport): SyncTransport => ({
      push: (mutations) => inner.push(mutations),
      pull(cursor, limit, options) {
        seen.push(cacheKib());
        return inner.pull(cursor, limit, options);
      },
    });

    // Page 2 cannot be applied: the round fails with the bootstrap's cache set.
    const failed = await syncOnce(headOffice, watching(spoiling(headOffice, 2)), {
      pageSize: 5,
      deferIndexesAbove: 10,
    });
    expect(failed.ok).toBe(false);
    expect(seen.slice(0, 3)).toEqual([deskCacheKib, deskCacheKib, bootstrapCacheKib]);
    expect(cacheKib()).toBe(deskCacheKib);

    seen.length = 0;
    const healed = await syncOnce(headOffice, watching(headOffice.transport), {
      pageSize: 5,
      deferIndexesAbove: 10,
    });
    expect(healed.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.slice(2).every((kib) => kib === bootstrapCacheKib)).toBe(true);
    expect(cacheKib()).toBe(deskCacheKib);
    expect(tally(headOffice.db)).toMatchObject({ orders: 6, customers: 6, searchHits: 6 });

    // A round that is not far behind leaves the cache alone.
    seen.length = 0;
    await expectOk(headOffice.call('createIntake', intakeInput()));
    expect((await syncOnce(headOffice, watching(headOffice.transport), { pageSize: 5 })).ok).toBe(
      true,
    );
    expect(seen.every((kib) => kib === deskCacheKib)).toBe(true);
  });
});
