import { mutationSchemaVersion } from '../../core/contract/replication';
import type { SyncStatus } from '../../core/contract/sync';
import { count } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outbox, syncRejections } from '../../core/db/schema';
import { expectOk, intakeInput } from '../support/desk';
import {
  authorizationOf,
  enrolledDesk,
  outboxMutations,
  rawPush,
  serverCounts,
} from '../support/sync-desk';
import { changesChannel } from '../../server/push';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

describe.each(backends)('pushing a desk outbox (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('a replayed push is answered from the record and applied only once', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI02');
    await expectOk(desk.call('createIntake', intakeInput()));
    await expectOk(desk.call('createIntake', intakeInput({ complaint: 'Batteria gonfia' })));
    const mutations = outboxMutations(desk);
    const auth = authorizationOf(desk);

    const first = await rawPush(server.url, auth, { mutations });
    expect(first.status).toBe(200);
    // Each intake carries its audit row.
    expect(mutations.map((m) => [m.name, m.audit?.length])).toEqual([
      ['order.intake', 1],
      ['order.intake', 1],
    ]);
    expect(first.body.outcomes).toMatchObject(mutations.map(() => ({ status: 'accepted' })));
    const after = await serverCounts(server);
    expect(after.repair_orders).toBe(2);
    expect(after.audit_log).toBe(2);

    // The answer was lost on the way back: the desk sends the same batch again.
    const replay = await rawPush(server.url, auth, { mutations });
    expect(replay.body.outcomes).toMatchObject(
      mutations.map(() => ({ status: 'accepted', replayed: true })),
    );
    expect(await serverCounts(server)).toEqual(after);

    // The desk itself then settles its outbox normally.
    const round = await desk.sync();
    expect(round.ok).toBe(true);
    expect(desk.db.select({ n: count() }).from(outbox).get()!.n).toBe(0);
  });

  it('health and metrics count what was done, as JSON and in Prometheus text format', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI16');
    await expectOk(desk.call('createIntake', intakeInput()));
    const mutations = outboxMutations(desk);
    const auth = authorizationOf(desk);
    expect((await rawPush(server.url, auth, { mutations })).status).toBe(200);
    expect((await rawPush(server.url, auth, { mutations })).status).toBe(200); // replayed
    expect((await rawPush(server.url, 'Bearer forged.secret', { mutations })).status).toBe(401);

    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: backend });
    const json = await (await fetch(`${server.url}/metrics`)).json();
    expect(json).toMatchObject({
      mutationsAccepted: 1,
      mutationsReplayed: 1,
      pushes: 2,
      authFailures: 1,
      enrolments: 1,
    });

    const response = await fetch(`${server.url}/metrics`, { headers: { accept: 'text/plain' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const value = (name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.slice(name.length + 1));
    };
    expect(text).toContain('# TYPE sportello_mutations_accepted_total counter');
    expect(value('sportello_mutations_accepted_total')).toBe(1);
    expect(value('sportello_mutations_replayed_total')).toBe(1);
    expect(value('sportello_auth_failures_total')).toBe(1);
    expect(text).toContain('# TYPE sportello_push_duration_seconds histogram');
    expect(value('sportello_push_duration_seconds_count')).toBe(2);
    expect(value('sportello_push_duration_seconds_bucket{le="+Inf"}')).toBe(2);
    // The process's own figures, for the operator's dashboards.
    expect(value('sportello_process_cpu_seconds_total')).toBeGreaterThan(0);
    // Every sample line is `name{labels} number`: nothing a scraper would reject (Prometheus reads
    // NaN and Inf in any case; prom-client writes an event-loop figure with no samples as "Nan").
    const sample = /^[a-z_:][a-z0-9_:]*(\{[^}]*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|nan|[+-]inf)$/i;
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(sample);
  });

  it('records large enough to compress are compressed with lz4 on PostgreSQL, pglz on PGlite (no lz4 there)', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI15');
    // A long complaint makes the intake's audit row (it repeats the whole change) compressible.
    await expectOk(
      desk.call('createIntake', intakeInput({ complaint: 'Schermo rotto. '.repeat(200) })),
    );
    expect((await desk.sync()).ok).toBe(true);
    const rows = await server.db.query<{ tbl: string; method: string | null }>(
      `SELECT tbl, pg_column_compression(data) AS method FROM records
        WHERE tbl IN ('audit_log', 'repair_orders') ORDER BY tbl`,
    );
    const method = backend === 'postgres' ? 'lz4' : 'pglz';
    expect(rows).toEqual([
      { tbl: 'audit_log', method },
      { tbl: 'repair_orders', method },
    ]);
  });

  it('a push that changed something wakes the other desks once it is committed; a replay does not', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI12');
    let notified = 0;
    const unlisten = await server.db.listen(changesChannel, () => notified++);
    try {
      await expectOk(desk.call('createIntake', intakeInput()));
      const mutations = outboxMutations(desk);
      const auth = authorizationOf(desk);
      const first = await rawPush(server.url, auth, { mutations });
      expect(first.body.outcomes).toMatchObject(mutations.map(() => ({ status: 'accepted' })));
      await expect.poll(() => notified, { timeout: 2000 }).toBe(1);

      const replay = await rawPush(server.url, auth, { mutations });
      expect(replay.body.outcomes).toMatchObject(mutations.map(() => ({ replayed: true })));
      // A forged change refused by the rules changes nothing and wakes no one either.
      const [audit] = mutations;
      const refused = await rawPush(server.url, auth, {
        mutations: [
          {
            ...audit!,
            seq: mutations.length + 1,
            mutationId: crypto.randomUUID(),
            name: 'order.nothing',
          },
        ],
      });
      expect(refused.body.outcomes).toMatchObject([
        { status: 'rejected', code: 'unknown_mutation' },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(notified).toBe(1);
    } finally {
      await unlisten();
    }
  });

  it('a refused change gets the records it read sent back as the server holds them, only to a site that may see them', async () => {
    server = await startTestServer(backend);
    const owner = await enrolledDesk(server, 'MI13');
    const other = await enrolledDesk(server, 'MI14');
    const order = (await expectOk(owner.call('createIntake', intakeInput()))) as { id: string };
    expect((await owner.sync()).ok).toBe(true);
    const logFor = async () =>
      (
        await server.db.query<{ op: string; sites: string[] | null }>(
          'SELECT op, sites FROM change_log WHERE id = $1 ORDER BY seq',
          [order.id],
        )
      ).map((row) => `${row.op} ${(row.sites ?? []).join(',')}`);
    const before = await logFor();

    // The desk believes the order already diagnosed (a change of its own the server refused,
    // say) and moves it on: refused as stale. Nothing newer will come from the server by
    // itself, so the order is logged once more for the desk's site, as the server holds it.
    await expectOk(
      owner.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'received',
        to: 'diagnosed',
      }),
    );
    const [status] = outboxMutations(owner);
    const args = status!.args as { event: { fromStatus: string; toStatus: string } };
    const stale = {
      ...status!,
      args: { ...args, event: { ...args.event, fromStatus: 'diagnosed', toStatus: 'in_repair' } },
    };
    const pushed = await rawPush(server.url, authorizationOf(owner), { mutations: [stale] });
    expect(pushed.body.outcomes).toMatchObject([{ status: 'rejected', code: 'stale_transition' }]);
    const ownerSite = owner.site.id;
    expect(await logFor()).toEqual([...before, `upsert ${ownerSite}`]);
    // The trail keeps what was tried at the desk: the refused change's audit row is kept.
    const auditId = (status!.audit![0] as { id: string }).id;
    const kept = await server.db.query<{ action: string }>(
      `SELECT data->>'action' AS action FROM records WHERE tbl = 'audit_log' AND id = $1`,
      [auditId],
    );
    expect(kept).toEqual([{ action: 'changeStatus' }]);

    // A desk of another site trying the same learns nothing more of the order.
    const foreign = await rawPush(server.url, authorizationOf(other), {
      mutations: [{ ...stale, seq: 1, mutationId: crypto.randomUUID() }],
    });
    expect(foreign.body.outcomes).toMatchObject([{ status: 'rejected' }]);
    expect(await logFor()).toEqual([...before, `upsert ${ownerSite}`]);
  });

  it('a gap in the sequence stops the batch and changes nothing', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI03');
    await expectOk(desk.call('createIntake', intakeInput()));
    await expectOk(desk.call('createIntake', intakeInput()));
    const [, second] = outboxMutations(desk);
    const before = await serverCounts(server);
    const pushed = await rawPush(server.url, authorizationOf(desk), { mutations: [second] });
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ outcomes: [], stopped: { reason: 'gap', expectedSeq: 1 } });
    expect(await serverCounts(server)).toEqual(before);
  });

  it('a different mutation under an already used seq is refused without touching the first', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI04');
    await expectOk(desk.call('createIntake', intakeInput()));
    await desk.sync();
    const before = await serverCounts(server);
    await expectOk(desk.call('createIntake', intakeInput()));
    const [next] = outboxMutations(desk);
    const forged = { ...next!, seq: 1 };
    const pushed = await rawPush(server.url, authorizationOf(desk), { mutations: [forged] });
    expect(pushed.body.outcomes).toMatchObject([{ status: 'rejected', code: 'seq_mismatch' }]);
    expect(await serverCounts(server)).toEqual(before);
  });

  it("a change id another site's desk already sent is refused, and learns nothing of its answer", async () => {
    server = await startTestServer(backend);
    const owner = await enrolledDesk(server, 'MI05');
    const other = await enrolledDesk(server, 'MI06');
    await expectOk(owner.call('createIntake', intakeInput()));
    expect((await owner.sync()).ok).toBe(true);
    const [sent] = await server.db.query<{ mutation_id: string }>(
      `SELECT mutation_id FROM applied_mutations WHERE name = 'order.intake'`,
    );
    const mutationId = sent!.mutation_id;
    await expectOk(other.call('createIntake', intakeInput()));
    const before = await serverCounts(server);
    const [intake] = outboxMutations(other);
    const pushed = await rawPush(server.url, authorizationOf(other), {
      mutations: [{ ...intake!, mutationId }],
    });
    expect(pushed.body.outcomes).toEqual([
      expect.objectContaining({ status: 'rejected', code: 'conflict', params: { mutationId } }),
    ]);
    expect((await serverCounts(server)).repair_orders).toBe(before.repair_orders);
  });

  it('an intake claiming another site is refused with a reason the desk keeps and shows', async () => {
    server = await startTestServer(backend);
    const milan = await enrolledDesk(server, 'MI05');
    const rome = await enrolledDesk(server, 'RM05');
    await expectOk(rome.call('createIntake', intakeInput()));
    const before = await serverCounts(server);
    // Rome's mutation, pushed with Milan's credentials: scope comes from the credentials.
    const [mutation] = outboxMutations(rome);
    const pushed = await rawPush(server.url, authorizationOf(milan), { mutations: [mutation] });
    expect(pushed.body.outcomes).toMatchObject([{ status: 'rejected', code: 'out_of_scope' }]);
    const after = await serverCounts(server);
    expect(after.repair_orders ?? 0).toBe(before.repair_orders ?? 0);
    expect(after.customers ?? 0).toBe(before.customers ?? 0);
  });

  it('a number outside the desk series is refused and listed among rejected changes', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI06');
    await expectOk(desk.call('createIntake', intakeInput()));
    // Someone edits the queued intake's number into another site's series.
    desk.db.$client
      .prepare("UPDATE outbox SET args = json_set(args, '$.order.number', 'XX99-2026-000001')")
      .run();
    const round = await desk.sync();
    // The intake is refused; its audit row is kept at the head office.
    expect(round.push).toMatchObject({ sent: 1, accepted: 0, rejected: 1 });
    expect((await serverCounts(server)).audit_log).toBe(1);
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.waiting).toBe(0);
    expect(status.rejected).toMatchObject([{ name: 'order.intake', code: 'wrong_series' }]);
    expect(desk.db.select({ n: count() }).from(syncRejections).get()!.n).toBe(1);
  });

  it('a number already taken on the server is refused; the rest of the batch goes through', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI16');
    const first = (await expectOk(desk.call('createIntake', intakeInput()))) as { number: string };
    expect((await desk.sync()).ok).toBe(true);
    // A desk restored from an old backup numbers its next intake as one the server has.
    await expectOk(desk.call('createIntake', intakeInput()));
    desk.db.$client
      .prepare("UPDATE outbox SET args = json_set(args, '$.order.number', ?)")
      .run(first.number);
    await expectOk(desk.call('createIntake', intakeInput({ complaint: 'Batteria' })));
    const before = await serverCounts(server);
    // Found taken only when the slice writes its rows: the slice is done again one by one.
    const round = await desk.sync();
    expect(round.push).toMatchObject({ sent: 2, accepted: 1, rejected: 1 });
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toMatchObject([{ name: 'order.intake', code: 'duplicate_number' }]);
    const after = await serverCounts(server);
    expect(after.repair_orders).toBe(before.repair_orders! + 1);
    // The refused intake's audit row is kept with the other one's.
    expect(after.audit_log).toBe(before.audit_log! + 2);
    // The connection the retried transaction used is clean: the next round works.
    await expectOk(desk.call('createIntake', intakeInput()));
    expect(await desk.sync()).toMatchObject({ ok: true, push: { accepted: 1, rejected: 0 } });
  });

  it('malformed, unauthenticated and oversized pushes are refused with a status and a reason', async () => {
    server = await startTestServer(backend, { bodyLimit: 64 * 1024 });
    const desk = await enrolledDesk(server, 'MI07');
    const auth = authorizationOf(desk);
    const before = await serverCounts(server);
    expect((await rawPush(server.url, auth, '{"mutations": [')).status).toBe(400);
    expect((await rawPush(server.url, auth, { mutations: 'all' })).body).toMatchObject({
      error: { code: 'validation' },
    });
    expect((await rawPush(server.url, 'Bearer nobody.x', { mutations: [] })).status).toBe(401);
    const huge = await rawPush(server.url, auth, { mutations: [], padding: 'x'.repeat(100_000) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect(await serverCounts(server)).toEqual(before);
  });

  it('a desk on a schema version the server no longer reads keeps its outbox and says update required', async () => {
    server = await startTestServer(backend, { currentSchemaVersion: mutationSchemaVersion + 2 });
    const desk = await enrolledDesk(server, 'MI08');
    await expectOk(desk.call('createIntake', intakeInput()));
    const round = await desk.sync();
    expect(round).toMatchObject({ updateRequired: true });
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    // The intake waits, its audit row with it.
    expect(status).toMatchObject({ updateRequired: true, waiting: 1, rejected: [] });
    expect(outboxMutations(desk).map((m) => m.audit?.length)).toEqual([1]);
  });

  it('a server that reads only the format before this one takes nothing it would drop', async () => {
    // Version 1 had no audit rows on a change: such a server must not take one and lose them.
    server = await startTestServer(backend, { currentSchemaVersion: mutationSchemaVersion - 1 });
    const desk = await enrolledDesk(server, 'MI09');
    await expectOk(desk.call('createIntake', intakeInput()));
    const before = await serverCounts(server);
    const pushed = await rawPush(server.url, authorizationOf(desk), {
      mutations: outboxMutations(desk),
    });
    expect(pushed.body).toMatchObject({
      outcomes: [],
      stopped: { reason: 'server_update_required', seq: 1 },
    });
    expect(await serverCounts(server)).toEqual(before);
  });

  it('a desk still on the previous format sends its audit rows on their own, and both are taken', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI10');
    await expectOk(desk.call('createIntake', intakeInput()));
    const [intake] = outboxMutations(desk);
    const { audit, ...change } = intake!;
    const previous = { schemaVersion: mutationSchemaVersion - 1, clientAt: change.clientAt };
    const pushed = await rawPush(server.url, authorizationOf(desk), {
      mutations: [
        {
          ...change,
          ...previous,
          seq: 1,
          mutationId: crypto.randomUUID(),
          name: 'audit.append',
          args: { rows: audit },
        },
        { ...change, ...previous, seq: 2 },
      ],
    });
    expect(pushed.body.outcomes).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
    const counts = await serverCounts(server);
    expect([counts.repair_orders, counts.audit_log]).toEqual([1, 1]);
  });

  it('a change carrying audit rows of another site, or malformed ones, is refused whole', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI11');
    await expectOk(desk.call('createIntake', intakeInput()));
    await expectOk(desk.call('createIntake', intakeInput()));
    const [first, second] = outboxMutations(desk);
    const before = await serverCounts(server);
    const row = first!.audit![0]!;
    const pushed = await rawPush(server.url, authorizationOf(desk), {
      mutations: [
        { ...first!, audit: [{ ...row, originSiteId: crypto.randomUUID() }] },
        { ...second!, audit: [{ ...row, createdAt: 'yesterday' }] },
      ],
    });
    expect(pushed.body.outcomes).toMatchObject([
      { status: 'rejected', code: 'out_of_scope', params: { field: 'rows' } },
      { status: 'rejected', code: 'validation', params: { field: 'audit.rows.0.createdAt' } },
    ]);
    const after = await serverCounts(server);
    expect({ ...after, applied: before.applied }).toEqual(before);
  });
});
