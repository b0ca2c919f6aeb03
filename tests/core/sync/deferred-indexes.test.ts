import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { searchCustomers } from '../../../core/customers/search';
import { deferredIndexes } from '../../../core/db/deferred-indexes';
import type { Db } from '../../../core/db/open';
import { searchRebuildPending } from '../../../core/search/deferred-index';
import { readSyncStatus } from '../../../core/sync/status';
import { syncOnce } from '../../../core/sync/sync-once';
import type { SyncTransport } from '../../../core/sync/transport';
import { expectOk, intakeInput, testDesk } from '../../support/desk';
import { enrolledDesk, reopenDesk, type SyncedDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

const surnames = [
  'Abbiati',
  'Bertolucci',
  'Cavallaro',
  'Donatoni',
  'Ermolli',
  'Fabbrocini',
  'Guerrazzi',
];

/** Customers found through the index (a trigram query) and orders whose number is indexed. */
function indexed(db: Db) {
  const ftsRows = (table: string) =>
    (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const numbers = db.$client.prepare('SELECT number FROM repair_orders').pluck().all() as string[];
  const findable = numbers.filter(
    (number) =>
      (
        db.$client
          .prepare('SELECT count(*) AS n FROM order_search WHERE order_search MATCH ?')
          .get(`number : "${number}"`) as { n: number }
      ).n === 1,
  );
  return {
    customers: ftsRows('customer_search'),
    orders: numbers.length,
    findable: findable.length,
  };
}

/** The desk's indexes as SQLite keeps them: name and creating statement (autoindexes have none). */
function indexesOf(db: Db): Record<string, string> {
  const rows = db.$client
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
}

/** The indexes a desk of this version has when no bootstrap has set any aside. */
function freshDeskIndexes(): Record<string, string> {
  return indexesOf(testDesk().db);
}

/** Which of the indexes a bootstrap sets aside or keeps are there now. */
function presentIndexes(db: Db) {
  const present = indexesOf(db);
  return {
    // Set aside: rows land at random places in them.
    customersByPhone: 'customers_phone' in present,
    devicesBySerial: 'devices_serial' in present,
    ordersByStatus: 'repair_orders_status' in present,
    // Kept: the apply looks rows up by them (evictions, erasures) or they are constraints.
    eventsByOrder: 'order_events_order' in present,
    ordersByCustomer: 'repair_orders_customer' in present,
    ordersByNumber: 'repair_orders_number' in present,
  };
}

const whileDeferred = {
  customersByPhone: false,
  devicesBySerial: false,
  ordersByStatus: false,
  eventsByOrder: true,
  ordersByCustomer: true,
  ordersByNumber: true,
};

/** The desk's own transport, failing like a dropped connection from the given request on. */
function droppingFrom(desk: SyncedDesk, failAt: number): SyncTransport {
  let requests = 0;
  return {
    push: (mutations) => desk.transport.push(mutations),
    pull: (cursor, limit, options) =>
      ++requests >= failAt
        ? Promise.reject(new Error('connection reset'))
        : desk.transport.pull(cursor, limit, options),
  };
}

describe('index maintenance deferred during a bootstrap', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  async function headOfficeBehind() {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    for (const [i, surname] of surnames.entries()) {
      const customer = {
        mode: 'new' as const,
        name: `Maria ${surname}`,
        phone: `+39 347 555 ${1200 + i}`,
      };
      await expectOk(desk.call('createIntake', intakeInput({ customer })));
    }
    expect((await desk.sync()).push.rejected).toBe(0);
    return enrolledDesk(server, 'HQ', 'head_office');
  }

  it('a pull far behind skips the indexes while it runs and builds them once at the end', async () => {
    const headOffice = await headOfficeBehind();
    const during: {
      pending: boolean;
      narrowed: boolean;
      customers: number;
      indexes: object;
      noted: number;
    }[] = [];
    const round = await syncOnce(headOffice, headOffice.transport, {
      pageSize: 5,
      deferIndexesAbove: 10,
      onProgress: () =>
        during.push({
          pending: searchRebuildPending(headOffice.db),
          narrowed: readSyncStatus(headOffice.db).searchNarrowed,
          customers: indexed(headOffice.db).customers,
          indexes: presentIndexes(headOffice.db),
          noted: deferredIndexes(headOffice.db.$client).length,
        }),
    });
    expect(round.ok).toBe(true);
    expect(round.pages).toBeGreaterThan(2);
    // From the first page on, rows land without index entries.
    expect(during.every((d) => d.pending && d.customers === 0)).toBe(true);
    // Meanwhile the status tells the search fields that search is narrowed.
    expect(during.every((d) => d.narrowed)).toBe(true);
    // The secondary indexes are set aside from the first page, and noted beside the rows.
    for (const d of during) expect(d.indexes).toEqual(whileDeferred);
    expect(during.every((d) => d.noted >= 3)).toBe(true);
    // At the end the desk has exactly the indexes a new desk has, and no note of any set aside.
    expect(indexesOf(headOffice.db)).toEqual(freshDeskIndexes());
    expect(deferredIndexes(headOffice.db.$client)).toEqual([]);
    expect(
      headOffice.db.$client
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM customers WHERE phone = ?')
        .all('+393475551200')
        .map((step) => (step as { detail: string }).detail),
    ).toEqual(['SEARCH customers USING INDEX customers_phone (phone=?)']);

    expect(searchRebuildPending(headOffice.db)).toBe(false);
    expect(readSyncStatus(headOffice.db).searchNarrowed).toBe(false);
    expect(indexed(headOffice.db)).toEqual({ customers: 7, orders: 7, findable: 7 });
    for (const surname of surnames)
      expect(searchCustomers(headOffice.db, surname.slice(2, 7), 10).map((c) => c.name)).toEqual([
        `Maria ${surname}`,
      ]);
  });

  it('a pull that stops midway leaves the flag set; prefix search still answers; the next start rebuilds', async () => {
    const headOffice = await headOfficeBehind();
    const broken = await syncOnce(headOffice, droppingFrom(headOffice, 3), {
      pageSize: 5,
      deferIndexesAbove: 10,
    });
    expect(broken.ok).toBe(false);
    expect(searchRebuildPending(headOffice.db)).toBe(true);
    // Offline part-way, the desk keeps saying so until the download ends or the desk restarts.
    expect(readSyncStatus(headOffice.db).searchNarrowed).toBe(true);
    expect(presentIndexes(headOffice.db)).toEqual(whileDeferred);
    const partial = indexed(headOffice.db);
    expect(partial).toMatchObject({ customers: 0, findable: 0 });
    expect(partial.orders).toBeGreaterThan(0);
    // While pending, the name-prefix scan answers (the index would find nothing).
    const pulledName = headOffice.db.$client
      .prepare('SELECT name FROM customers LIMIT 1')
      .pluck()
      .get() as string;
    expect(searchCustomers(headOffice.db, pulledName, 10).map((c) => c.name)).toContain(pulledName);

    // Duplicate detection at intake scans instead of matching the index's phone suffixes.
    const pulled = headOffice.db.$client
      .prepare("SELECT name, phone FROM customers WHERE name LIKE 'Maria %' LIMIT 1")
      .get() as { name: string; phone: string };
    const similar = (await expectOk(
      headOffice.call('findLikelyDuplicates', {
        name: `${pulled.name}a`,
        phone: `02 4455 ${pulled.phone.slice(-4)}`,
      }),
    )) as { name: string; reasons: string[] }[];
    expect(similar.map((d) => [d.name, d.reasons])).toEqual([
      [pulled.name, ['similar_name_phone_suffix']],
    ]);

    // The process ends here; the next start rebuilds before anyone searches.
    headOffice.close();
    const restarted = reopenDesk(headOffice.dataDir, server.url);
    expect(searchRebuildPending(restarted.db)).toBe(false);
    expect(readSyncStatus(restarted.db).searchNarrowed).toBe(false);
    expect(indexesOf(restarted.db)).toEqual(freshDeskIndexes());
    expect(deferredIndexes(restarted.db.$client)).toEqual([]);
    const pulledCustomers = restarted.db.$client
      .prepare('SELECT count(*) FROM customers')
      .pluck()
      .get();
    expect(indexed(restarted.db)).toEqual({
      customers: pulledCustomers,
      orders: partial.orders,
      findable: partial.orders,
    });

    // The rest arrives row by row (not far behind any more) and is indexed as it lands.
    expect(
      (await syncOnce(restarted, restarted.transport, { pageSize: 5, deferIndexesAbove: 1000 })).ok,
    ).toBe(true);
    expect(indexed(restarted.db)).toEqual({ customers: 7, orders: 7, findable: 7 });
  });

  it('a pull that stops midway and finishes in a later round, not far behind, builds them then', async () => {
    const headOffice = await headOfficeBehind();
    expect(
      (
        await syncOnce(headOffice, droppingFrom(headOffice, 3), {
          pageSize: 5,
          deferIndexesAbove: 10,
        })
      ).ok,
    ).toBe(false);
    expect(presentIndexes(headOffice.db)).toEqual(whileDeferred);
    const rest = await syncOnce(headOffice, headOffice.transport, {
      pageSize: 5,
      deferIndexesAbove: 1000,
    });
    expect(rest.ok).toBe(true);
    expect(indexesOf(headOffice.db)).toEqual(freshDeskIndexes());
    expect(deferredIndexes(headOffice.db.$client)).toEqual([]);
    expect(indexed(headOffice.db)).toEqual({ customers: 7, orders: 7, findable: 7 });
  });
});
