import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import { isSnapshotCursor } from '../../core/contract/replication';
import {
  auditLog,
  customers,
  devices,
  orderEvents,
  parts,
  repairOrders,
  sites,
  users,
} from '../../core/db/schema';
import { readCursor, readResync } from '../../core/sync/sync-state';
import { syncOnce } from '../../core/sync/sync-once';
import { readSyncStatus } from '../../core/sync/status';
import { archiveChanges } from '../../server/archive';
import { CursorAhead, parseCursor, pullPage, readHorizon } from '../../server/pull';
import { expectOk, intakeInput } from '../support/desk';
import {
  enrolledDesk,
  moveOrder,
  orderNumbers,
  principalOf,
  type SyncedDesk,
} from '../support/sync-desk';
import {
  backends,
  startTestServer,
  untilPullsSeeEverything,
  warmUpBackend,
  type TestServer,
} from '../support/sync-server';

/** What a head-office desk holds of the replicated data, row by row. */
function holdings(desk: SyncedDesk) {
  const byId = <T extends { id: string }>(rows: T[]) =>
    rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map((row) => JSON.stringify(row));
  const { db } = desk;
  return {
    sites: byId(db.select().from(sites).all()),
    users: byId(db.select().from(users).all()),
    parts: byId(db.select().from(parts).all()),
    customers: byId(db.select().from(customers).all()),
    devices: byId(db.select().from(devices).all()),
    orders: byId(db.select().from(repairOrders).all()),
    events: byId(db.select().from(orderEvents).all()),
    audit: byId(db.select().from(auditLog).all()),
  };
}

/** Everything the log holds now goes, as an admin's `archive-changes --keep-days 0` would. */
async function archiveAll(server: TestServer) {
  await untilPullsSeeEverything(server.db);
  return archiveChanges(server.db, { before: new Date(Date.now() + 60_000), batchSize: 7 });
}

describe.each(backends)('archiving the change log (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('a desk that was away longer than the log keeps gets its scope as it stands, and what left it goes', async () => {
    server = await startTestServer(backend);
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    const workshop = await enrolledDesk(server, 'WS01', 'workshop_own');
    const first = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    await desk.sync(); // the desk learns that the workshop exists
    await moveOrder(desk, first.id, 'in_transit_to_workshop', workshop.site.id);
    await moveOrder(desk, first.id, 'at_workshop');
    await desk.sync();
    await workshop.sync();
    expect(orderNumbers(workshop)).toEqual([first.number]);
    for (const to of ['diagnosed', 'in_repair', 'repaired', 'in_transit_to_desk'] as const)
      await moveOrder(workshop, first.id, to);
    expect((await workshop.sync()).push).toMatchObject({ accepted: 4, rejected: 0 });
    const workshopCursor = readCursor(workshop.db);

    // The workshop is away. The device comes back to the counter (the order leaves the
    // workshop's scope), and a second one goes to it.
    await desk.sync();
    await moveOrder(desk, first.id, 'ready_for_pickup');
    const second = (await expectOk(
      desk.call(
        'createIntake',
        intakeInput({ customer: { mode: 'new', name: 'Marco Rossi', phone: '+39 333 111 2233' } }),
      ),
    )) as OrderDetail;
    await moveOrder(desk, second.id, 'in_transit_to_workshop', workshop.site.id);
    expect((await desk.sync()).push).toMatchObject({ rejected: 0 });
    expect((await headOffice.sync()).ok).toBe(true);

    const archived = await archiveAll(server);
    expect(archived.archived).toBeGreaterThan(20);
    expect(archived.horizon).toMatch(/^\d+:\d+$/);
    expect(
      (await server.db.query<{ n: string }>('SELECT count(*)::text AS n FROM change_log'))[0]!.n,
    ).toBe('0');

    // Back, the workshop downloads its scope as it stands: the second order, not the first.
    // Part-way, its sync drawer says why it downloads.
    expect(readSyncStatus(workshop.db).redownloading).toBe(false);
    await syncOnce(workshop, workshop.transport, { pageSize: 2, maxPages: 1 });
    expect(isSnapshotCursor(readCursor(workshop.db))).toBe(true);
    expect(readSyncStatus(workshop.db)).toMatchObject({ redownloading: true });
    expect(orderNumbers(workshop)).toEqual([first.number]);
    const round = await workshop.sync();
    expect(round.ok).toBe(true);
    expect(orderNumbers(workshop)).toEqual([second.number]);
    expect(
      workshop.db
        .select()
        .from(orderEvents)
        .all()
        .every((e) => e.orderId === second.id),
    ).toBe(true);
    expect(readResync(workshop.db)).toBeNull();
    expect(readSyncStatus(workshop.db).redownloading).toBe(false);
    const metrics = (await (await fetch(`${server.url}/metrics`)).json()) as {
      pullDownloadsBegun: number;
    };
    expect(metrics.pullDownloadsBegun).toBe(1);
    expect(readCursor(workshop.db)).not.toBe(workshopCursor);
    expect(isSnapshotCursor(readCursor(workshop.db))).toBe(false);
    // It goes on from the change log: the device's arrival, recorded there, reaches the counter.
    await moveOrder(workshop, second.id, 'at_workshop');
    expect((await workshop.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    await desk.sync();
    expect(
      desk.db.select().from(repairOrders).where(eq(repairOrders.id, second.id)).get(),
    ).toMatchObject({ status: 'at_workshop', custodySiteId: workshop.site.id });

    // A second head-office computer, new after the archive, holds what the first one pulled
    // change by change.
    const again = await enrolledDesk(server, 'HQ2', 'head_office');
    expect((await again.sync()).ok).toBe(true);
    expect((await headOffice.sync()).ok).toBe(true);
    expect((await again.sync()).ok).toBe(true);
    expect(holdings(again)).toEqual(holdings(headOffice));
    expect(holdings(again).orders).toHaveLength(2);
  });

  it('a cursor at the horizon goes on; one past it that the log does not hold is still refused', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    await expectOk(desk.call('createIntake', intakeInput()));
    await desk.sync();
    const horizon = (await archiveAll(server)).horizon!;
    const principal = principalOf(desk, 'MI01', 'reception');
    const page = await pullPage(server.db, principal, parseCursor(horizon)!, 100);
    expect(page.changes).toEqual([]);
    expect(page.end).toMatchObject({ cursor: horizon, hasMore: false });

    const [xid, seq] = horizon.split(':');
    const lost = parseCursor(`${xid}:${Number(seq) + 1000}`)!;
    await expect(pullPage(server.db, principal, lost, 100)).rejects.toBeInstanceOf(CursorAhead);

    // Before the horizon, and from the beginning: the scope as it stands, then the log.
    for (const from of ['0:0', `${xid}:${Number(seq) - 1}`]) {
      const first = await pullPage(server.db, principal, parseCursor(from)!, 2);
      expect(first.end.cursor).toMatch(/^s:/);
      expect(first.end).toMatchObject({ hasMore: true });
      expect(first.changes.every((c) => c.op === 'upsert' && c.data)).toBe(true);
      let end = first.end;
      let pages = 1;
      while (end.hasMore) {
        const next = await pullPage(server.db, principal, parseCursor(end.cursor)!, 2, {
          count: false,
        });
        end = next.end;
        pages++;
      }
      expect(end.cursor).toBe(horizon);
      expect(pages).toBeGreaterThan(first.end.remaining! / 2);
    }
  });

  it('keeps the changes written after `before`, and stops at the first of them', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    await expectOk(desk.call('createIntake', intakeInput()));
    await desk.sync();
    await untilPullsSeeEverything(server.db);
    const all = await server.db.query<{ xid: string; seq: string }>(
      'SELECT xid::text AS xid, seq::text AS seq FROM change_log ORDER BY xid, seq',
    );
    expect(all.length).toBeGreaterThan(6);
    // The fourth change is new; the sixth is old again (a long transaction's late change).
    await server.db.query(
      `UPDATE change_log SET logged_at = CASE WHEN seq = $1 THEN now() + interval '1 hour'
         ELSE now() - interval '2 days' END`,
      [all[3]!.seq],
    );
    const result = await archiveChanges(server.db, {
      before: new Date(Date.now() - 86_400_000),
      batchSize: 2,
    });
    expect(result).toEqual({ archived: 3, horizon: `${all[2]!.xid}:${all[2]!.seq}` });
    expect(await readHorizon(server.db)).toEqual({ xid: all[2]!.xid, seq: all[2]!.seq });
    const left = await server.db.query('SELECT 1 FROM change_log');
    expect(left).toHaveLength(all.length - 3);
    // Nothing is old enough: nothing more goes, and the horizon stays.
    expect(await archiveChanges(server.db, { before: new Date(0) })).toEqual({
      archived: 0,
      horizon: result.horizon,
    });
  });

  it('a page stops at 2 MiB of row data, in the change log and in a download', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'HQ', 'head_office');
    // Thirty rows of 200 kB each: ten make 2 000 000 bytes, an eleventh would pass 2 MiB.
    await server.db.query(
      `INSERT INTO records (tbl, id, data, sites, updated_at)
       SELECT 'notes', 'n' || lpad(g::text, 2, '0'),
              jsonb_build_object('id', 'n' || lpad(g::text, 2, '0'), 'text', repeat('x', 199980)),
              NULL, 0
         FROM generate_series(1, 30) g`,
    );
    await server.db.query(
      `INSERT INTO change_log (tbl, id, op, sites)
       SELECT 'notes', 'n' || lpad(g::text, 2, '0'), 'upsert', NULL FROM generate_series(1, 30) g`,
    );
    const principal = principalOf(desk, 'HQ', 'head_office');
    const notesPerPage = async () => {
      const sizes: number[] = [];
      let cursor = '0:0';
      for (let more = true; more;) {
        const page = await pullPage(server.db, principal, parseCursor(cursor)!, 1000, {
          count: false,
        });
        const notes = page.changes.filter((c) => c.tbl === 'notes').length;
        if (notes) sizes.push(notes);
        cursor = page.end.cursor;
        more = page.end.hasMore;
      }
      return sizes;
    };
    await untilPullsSeeEverything(server.db);
    expect(await notesPerPage()).toEqual([10, 10, 10]);
    await archiveAll(server);
    expect(await notesPerPage()).toEqual([10, 10, 10]);
  });

  it('a download from the rows as they stand sends each desk exactly its scope, in key order, counted from the first page', async () => {
    server = await startTestServer(backend);
    const db = server.db;
    const row = fc.record({
      tbl: fc.constantFrom('customers', 'devices', 'parts', 'repair_orders'),
      id: fc.stringMatching(/^[a-z]{1,6}$/),
      // Null: a row every desk holds (reference data); else the sites that hold it.
      sites: fc.option(fc.uniqueArray(fc.constantFrom('A', 'B', 'W'), { minLength: 1 }), {
        nil: null,
      }),
    });
    const desks = (['A', 'B', 'W', 'HQ'] as const).map((site) => ({
      site,
      principal: {
        deskId: `desk-${site}`,
        siteId: site,
        siteCode: site,
        seriesCode: site,
        siteKind: site === 'HQ' ? ('head_office' as const) : ('reception' as const),
      },
    }));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(row, { maxLength: 40, selector: (r) => `${r.tbl}/${r.id}` }),
        fc.integer({ min: 1, max: 7 }),
        async (rows, pageSize) => {
          // Only these rows, and a log archived up to now: a new desk downloads them.
          await db.query('DELETE FROM records');
          await db.query('DELETE FROM change_log');
          await db.query(
            `INSERT INTO change_log_horizon (id, xid, seq, archived, archived_at)
             VALUES (1, pg_current_xact_id(), 0, 0, 0)
             ON CONFLICT (id) DO UPDATE SET xid = EXCLUDED.xid, seq = 0`,
          );
          if (rows.length)
            await db.query(
              `INSERT INTO records (tbl, id, data, sites, updated_at)
               SELECT r.tbl, r.id, jsonb_build_object('id', r.id), r.sites, 0
                 FROM jsonb_to_recordset($1::text::jsonb) AS r(tbl text, id text, sites text[])`,
              [JSON.stringify(rows)],
            );
          const byKey = (a: { tbl: string; id: string }, b: { tbl: string; id: string }) =>
            a.tbl === b.tbl ? (a.id < b.id ? -1 : 1) : a.tbl < b.tbl ? -1 : 1;
          for (const { site, principal } of desks) {
            const expected = rows
              .filter((r) => site === 'HQ' || r.sites === null || r.sites.includes(site))
              .sort(byKey)
              .map((r) => `${r.tbl}/${r.id}`);
            const got: string[] = [];
            let cursor = '0:0';
            let remaining: number | undefined;
            for (let more = true, first = true; more; first = false) {
              const page = await pullPage(db, principal, parseCursor(cursor)!, pageSize, {
                count: first,
              });
              if (first) remaining = page.end.remaining;
              got.push(...page.changes.map((c) => `${c.tbl}/${c.id}`));
              cursor = page.end.cursor;
              more = page.end.hasMore;
            }
            expect(got, `site ${site}`).toEqual(expected);
            if (expected.length > pageSize)
              expect(remaining, `site ${site}`).toBe(expected.length - pageSize);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a server told to keep N days archives older changes with each sweep', async () => {
    server = await startTestServer(backend, { sweepUploadsEveryMs: 50, archiveKeepDays: 0 });
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    await expectOk(desk.call('createIntake', intakeInput()));
    expect((await desk.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    const logged = async () =>
      Number(
        (await server.db.query<{ n: string }>('SELECT count(*)::text AS n FROM change_log'))[0]!.n,
      );
    for (let waited = 0; (await logged()) > 0 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await logged()).toBe(0);
    const metrics = (await (await fetch(`${server.url}/metrics`)).json()) as {
      archivedChanges: number;
    };
    expect(metrics.archivedChanges).toBeGreaterThan(0);
    expect(await readHorizon(server.db)).not.toBeNull();
    // The desk goes on regardless, its next intake included.
    await expectOk(desk.call('createIntake', intakeInput()));
    expect((await desk.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    expect(orderNumbers(desk)).toHaveLength(2);
  });
});
