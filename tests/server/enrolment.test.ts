import type { SyncStatus } from '../../core/contract/sync';
import { EnrolResponse } from '../../core/contract/replication';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import { repairOrders, settings, syncRejections, users } from '../../core/db/schema';
import { seriesCodeKey } from '../../core/orders/numbering';
import { backUpDatabase } from '../../core/backup/backup';
import { restoreDatabase } from '../../core/backup/restore';
import { silentLogger } from '../../core/runtime/context';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { buildApp } from '../../server/app';
import { newEnrolmentCodeForSite, SeriesCodeTaken, SiteCodeTaken } from '../../server/sites';
import { runCli } from '../../core/cli/run-cli';
import { adoptEnrolment, enrolDesk, EnrolmentRefused } from '../../core/sync/enrol';
import { expectOk, intakeInput, tempDir, testDesk } from '../support/desk';
import { newIntakeReceipt, pdfText } from '../core/documents/document-builders';
import { headOffice, setUpHeadOffice } from '../support/people';
import { syncOnce } from '../../core/sync/sync-once';
import { readEnrolment, settingsCredentialStore } from '../../core/sync/sync-state';
import { enrolOverHttp, httpTransport, ServerRefused } from '../../core/sync/transport';
import { enrolledDesk, outboxMutations, reopenDesk } from '../support/sync-desk';
import {
  backends,
  startTestServer,
  untilPullsSeeEverything,
  warmUpBackend,
  type TestServer,
} from '../support/sync-server';

describe.each(backends)('enrolling a desk (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('a new desk enrolled as RM01 numbers its orders in the RM01 series', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'RM01');
    expect(desk.site.code).toBe('RM01');
    expect(desk.db.select({ n: count() }).from(users).get()!.n).toBe(1);
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    expect(order.number).toMatch(/^RM01-\d{4}-000001$/);
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    // One intake is one change waiting, though its audit entry travels with it.
    expect(status).toMatchObject({ enrolled: true, waiting: 1, rejected: [] });
  });

  it('an enrolment code works once, and a wrong code is refused', async () => {
    server = await startTestServer(backend);
    const { code } = await server.createSite('TO01', 'reception');
    await enrolDesk(testDesk(), server.url, code);
    await expect(enrolDesk(testDesk(), server.url, code)).rejects.toBeInstanceOf(ServerRefused);
    await expect(enrolDesk(testDesk(), server.url, 'AAAA-BBBB-CCCC-DDDD')).rejects.toMatchObject({
      status: 401,
    });
  });

  it('a desk that already took orders as a stand-alone site refuses to enrol and keeps its code unused', async () => {
    server = await startTestServer(backend);
    const desk = testDesk();
    await expectOk(desk.call('createIntake', intakeInput()));
    const { code } = await server.createSite('NA01', 'reception');
    await expect(enrolDesk(desk, server.url, code)).rejects.toBeInstanceOf(EnrolmentRefused);
    expect(desk.db.select({ n: count() }).from(repairOrders).get()!.n).toBe(1);
    // The code was not spent: a fresh desk can still use it.
    const dir = tempDir();
    const fresh = openDesk({ dataDir: dir });
    await expect(enrolDesk(fresh, server.url, code)).resolves.toMatchObject({
      site: { code: 'NA01' },
    });
    fresh.close();
  });

  it('a head office set up at the first-run screen enrols afterwards and keeps its people', async () => {
    server = await startTestServer(backend);
    const dir = tempDir();
    const firstRun = openDesk({ dataDir: dir });
    const admin = await setUpHeadOffice(firstRun);
    await expectOk(
      firstRun.callWithSession(admin.token, 'createUser', {
        name: 'Luca Verdi',
        login: 'luca',
        password: 'another long password',
        roles: ['accountant'],
        siteId: firstRun.site.id,
      }),
    );
    // The head office's site has the code typed at first run: the local row makes way for it.
    const { code } = await server.createSite(headOffice.site.code, 'head_office');
    await enrolDesk(firstRun, server.url, code);
    firstRun.close();

    const desk = reopenDesk(dir);
    expect(desk.site).toMatchObject({ code: headOffice.site.code, kind: 'head_office' });
    const signedIn = await desk.callWithSession(undefined, 'signIn', {
      with: 'password',
      login: headOffice.admin.login,
      password: headOffice.admin.password,
    });
    expect(signedIn.ok).toBe(true);
    const state = (await expectOk(desk.callWithSession(undefined, 'getFirstRunState', {}))) as {
      setUp: boolean;
    };
    expect(state.setUp).toBe(true);

    // The people reach the head office's server under the enrolled site; nothing is refused.
    const round = await desk.sync();
    expect(round).toMatchObject({ ok: true, push: { rejected: 0 } });
    expect(round.push.accepted).toBeGreaterThan(0);
    const logins = await server.db.query<{ login: string; site: string }>(
      `SELECT data->>'login' AS login, data->>'siteId' AS site FROM records WHERE tbl = 'users'`,
    );
    expect(logins).toEqual(
      expect.arrayContaining([
        { login: 'marta', site: desk.site.id },
        { login: 'luca', site: desk.site.id },
      ]),
    );
  });

  it('a desk enrolled without set-up opens on the sign-in screen, not the first-run one', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'PD01');
    const state = (await expectOk(desk.callWithSession(undefined, 'getFirstRunState', {}))) as {
      setUp: boolean;
    };
    expect(state.setUp).toBe(true);
  });

  it('a revoked desk is cut off at its very next request', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'FI01');
    await expectOk(desk.call('createIntake', intakeInput()));
    const credentials = (await desk.sync()).ok;
    expect(credentials).toBe(true);
    const deskId = (
      desk.db.$client
        .prepare("SELECT value FROM settings WHERE key = 'sync.credentials'")
        .get() as {
        value: string;
      }
    ).value;
    const { deskId: id } = JSON.parse(deskId) as { deskId: string };
    const response = await fetch(`${server.url}/admin/desks/${id}/revoke`, {
      method: 'POST',
      headers: { 'x-admin-key': server.adminKey },
    });
    expect(response.status).toBe(200);
    await expectOk(desk.call('createIntake', intakeInput()));
    const round = await desk.sync();
    expect(round).toMatchObject({ ok: false, error: 'unauthenticated' });
    expect(((await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus).waiting).toBe(1);
  });

  it('a revoked desk enrolled again as its own site sends what it had queued, each change once', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'BO01');
    const admin = { 'x-admin-key': server.adminKey };
    const orders = [(await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail];
    expect((await desk.sync()).ok).toBe(true);
    // The second intake reaches the head office, but its answer never comes back to the desk.
    orders.push((await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail);
    const unanswered = await desk.transport.push(outboxMutations(desk));
    expect(unanswered.outcomes.map((o) => o.status)).toEqual(['accepted']);
    const firstId = readEnrolment(desk.db)!.deskId;
    await fetch(`${server.url}/admin/desks/${firstId}/revoke`, { method: 'POST', headers: admin });
    // Cut off, the counter goes on taking devices in.
    orders.push((await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail);
    expect(await desk.sync()).toMatchObject({ ok: false, error: 'unauthenticated' });
    const queued = outboxMutations(desk).map((m) => m.mutationId);
    expect(queued).toHaveLength(2);

    // A code of another site is refused, and the desk keeps its queue and its credentials.
    const elsewhere = await server.createSite('BO02', 'reception');
    await expect(enrolDesk(desk, server.url, elsewhere.code)).rejects.toBeInstanceOf(
      EnrolmentRefused,
    );
    expect(outboxMutations(desk).map((m) => m.mutationId)).toEqual(queued);
    expect(readEnrolment(desk.db)!.deskId).toBe(firstId);

    // Two changes refused long ago are kept under seqs the new numbering will use again.
    for (const seq of [1, 2])
      desk.db
        .insert(syncRejections)
        .values({
          seq,
          mutationId: `refused-${seq}`,
          name: 'order.status',
          args: {},
          clientAt: seq,
          userId: 'someone',
          code: 'stale_transition',
          rejectedAt: seq,
        })
        .run();

    const issued = await fetch(`${server.url}/admin/sites/BO01/enrolment-codes`, {
      method: 'POST',
      headers: admin,
    });
    const { enrolmentCode } = (await issued.json()) as { enrolmentCode: string };
    await enrolDesk(desk, server.url, enrolmentCode);
    const again = readEnrolment(desk.db)!.deskId;
    expect(again).not.toBe(firstId);
    // The same queue, numbered from 1 for the new desk id.
    expect(outboxMutations(desk).map((m) => [m.seq, m.mutationId])).toEqual(
      queued.map((id, i) => [i + 1, id]),
    );

    const renumbered = outboxMutations(desk);
    const transport = httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!);
    await untilPullsSeeEverything(server.db);
    expect(await syncOnce(desk, transport)).toMatchObject({ ok: true });
    // Its answers lost again, the desk sends the same batch: the same answers, nothing twice.
    const replayed = await transport.push(renumbered);
    expect(replayed.outcomes.map((o) => [o.status, o.replayed])).toEqual(
      renumbered.map(() => ['accepted', true]),
    );
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status).toMatchObject({ deskId: again, waiting: 0, lastError: null });
    // Still shown, newest first, under seqs the new numbering never reaches.
    expect(status.rejected.map((r) => r.mutationId)).toEqual(['refused-2', 'refused-1']);
    const kept = desk.db.select({ seq: syncRejections.seq }).from(syncRejections).all();
    expect(kept.every((r) => r.seq < 0)).toBe(true);
    const onServer = await server.db.query<{ number: string }>(
      `SELECT data->>'number' AS number FROM records WHERE tbl = 'repair_orders' ORDER BY 1`,
    );
    expect(onServer.map((r) => r.number)).toEqual(orders.map((o) => o.number).sort());
  });

  it("the head office's desk, holding every site's orders, enrols again as itself", async () => {
    server = await startTestServer(backend);
    const reception = await enrolledDesk(server, 'VR01');
    const hq = await enrolledDesk(server, 'HQ', 'head_office');
    await expectOk(reception.call('createIntake', intakeInput()));
    expect((await reception.sync()).ok).toBe(true);
    expect((await hq.sync()).ok).toBe(true);
    expect(hq.db.select({ n: count() }).from(repairOrders).get()!.n).toBe(1);
    const before = readEnrolment(hq.db)!.deskId;
    const issued = await newEnrolmentCodeForSite(server.db, 'HQ', Date.now());
    await enrolDesk(hq, server.url, issued!.enrolmentCode);
    expect(readEnrolment(hq.db)!.deskId).not.toBe(before);
    expect(hq.db.select({ n: count() }).from(repairOrders).get()!.n).toBe(1);
    // Another site's code is still refused: the desk holds orders that are not that site's.
    const elsewhere = await server.createSite('VR02', 'reception');
    await expect(enrolDesk(hq, server.url, elsewhere.code)).rejects.toMatchObject({
      code: 'desk_has_orders',
    });
  });

  it('a desk restored from an older backup enrols again, gets back what it made since, and goes on', async () => {
    server = await startTestServer(backend);
    const { code } = await server.createSite('PA01', 'reception');
    const dataDir = tempDir('sportello-restore-');
    let desk = openDesk({ dataDir, logger: silentLogger });
    try {
      await enrolDesk(desk, server.url, code);
      desk.close();
      desk = openDesk({ dataDir, logger: silentLogger });
      const round = async () => {
        await untilPullsSeeEverything(server.db);
        const credentials = settingsCredentialStore(desk.db, desk.secrets).load()!;
        return syncOnce(desk, httpTransport(credentials));
      };
      const first = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
      expect((await round()).ok).toBe(true);
      const backup = await backUpDatabase(desk.db, {
        folder: tempDir('sportello-restore-backups-'),
        siteCode: 'PA01',
        timezone: 'Europe/Rome',
        now: Date.now(),
      });
      const second = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
      expect((await round()).ok).toBe(true);

      // The computer is replaced and last week's backup restored: the desk numbers its next
      // change with a sequence number the head office already holds under another change.
      desk.close();
      restoreDatabase(dataDir, backup.file);
      desk = openDesk({ dataDir, logger: silentLogger });
      await expectOk(
        desk.call('changeStatus', {
          orderId: first.id,
          expectedStatus: 'received',
          to: 'cancelled',
          reason: 'customer withdrew',
        }),
      );
      expect(await round()).toMatchObject({ ok: false, error: 'push_seq_mismatch' });

      const again = await newEnrolmentCodeForSite(server.db, 'PA01', Date.now());
      await enrolDesk(desk, server.url, again!.enrolmentCode);
      expect((await round()).ok).toBe(true);
      const local = desk.db.select().from(repairOrders).all();
      expect(local.map((o) => o.number).sort()).toEqual([first.number, second.number].sort());
      expect(local.find((o) => o.id === first.id)!.status).toBe('cancelled');
      const [onServer] = await server.db.query<{ status: string }>(
        `SELECT data->>'status' AS status FROM records WHERE tbl = 'repair_orders' AND id = $1`,
        [first.id],
      );
      expect(onServer!.status).toBe('cancelled');
      const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
      expect(status).toMatchObject({ waiting: 0, rejected: [], lastError: null });
    } finally {
      desk.close();
    }
  });

  it("a desk replacing a broken one goes on with the site's numbering, before and after its first pull", async () => {
    server = await startTestServer(backend);
    const broken = await enrolledDesk(server, 'TO01');
    const taken: string[] = [];
    for (let i = 0; i < 3; i++)
      taken.push(
        ((await expectOk(broken.call('createIntake', intakeInput()))) as OrderDetail).number,
      );
    expect((await broken.sync()).push).toMatchObject({ accepted: 3, rejected: 0 });

    // The counter's computer dies; a new one is enrolled as TO01 and takes an intake at once,
    // before it has pulled anything (the head office may be out of reach by then).
    const replacement = async (olderHeadOffice = false) => {
      const again = await newEnrolmentCodeForSite(server.db, 'TO01', Date.now());
      const dir = tempDir('sportello-replacement-');
      const fresh = openDesk({ dataDir: dir, logger: silentLogger });
      const enrolment = await enrolOverHttp(server.url, again!.enrolmentCode);
      // A head office older than the field answers without it: the desk reads no series.
      const { series: _series, ...older } = enrolment;
      adoptEnrolment(fresh, server.url, olderHeadOffice ? EnrolResponse.parse(older) : enrolment);
      fresh.close();
      return reopenDesk(dir, server.url, () => untilPullsSeeEverything(server.db));
    };
    const desk = await replacement();
    const fourth = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    expect(fourth.number).toBe(taken[2]!.replace(/000003$/, '000004'));
    expect(await desk.sync()).toMatchObject({ ok: true, push: { accepted: 1, rejected: 0 } });

    // Enrolled by an older head office, a desk learns the series only from the orders it pulls:
    // it hands out none of their numbers again.
    const older = await replacement(true);
    expect((await older.sync()).ok).toBe(true);
    const fifth = (await expectOk(older.call('createIntake', intakeInput()))) as OrderDetail;
    expect(fifth.number).toBe(taken[2]!.replace(/000003$/, '000005'));
    expect(await older.sync()).toMatchObject({ ok: true, push: { accepted: 1, rejected: 0 } });
    const numbers = await server.db.query<{ n: number }>(`SELECT n FROM series_numbers ORDER BY n`);
    expect(numbers.map((r) => Number(r.n))).toEqual([1, 2, 3, 4, 5]);
  });

  /** `POST /admin/sites/:code/enrolment-codes`, as an admin's tool calls it. */
  const issue = async (site: string, body: unknown) => {
    const response = await fetch(`${server.url}/admin/sites/${site}/enrolment-codes`, {
      method: 'POST',
      headers: { 'x-admin-key': server.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** A new computer enrolled with a code. */
  const withCode = async (code: unknown) => {
    const dir = tempDir('sportello-counter-');
    const fresh = openDesk({ dataDir: dir, logger: silentLogger });
    await enrolDesk(fresh, server.url, code as string);
    fresh.close();
    return reopenDesk(dir, server.url, () => untilPullsSeeEverything(server.db));
  };
  const intake = async (desk: Desk) =>
    ((await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail).number;

  it('a second counter of a site numbers in a series of its own: both take intakes offline at once', async () => {
    server = await startTestServer(backend);
    const first = await enrolledDesk(server, 'MI01');

    const issued = await issue('MI01', { series: 'MI01B' });
    expect(issued).toMatchObject({
      status: 200,
      body: { seriesCode: 'MI01B', enrolledDesks: [{ seriesCode: 'MI01' }] },
    });
    const second = await withCode(issued.body.enrolmentCode);

    // Both counters take intakes before either reaches the head office.
    const numbers = { first: [] as string[], second: [] as string[] };
    for (let i = 0; i < 3; i++) {
      numbers.first.push(await intake(first));
      numbers.second.push(await intake(second));
    }
    expect(numbers.first.map((n) => n.replace(/-\d{4}-/, '-'))).toEqual([
      'MI01-000001',
      'MI01-000002',
      'MI01-000003',
    ]);
    expect(numbers.second.map((n) => n.replace(/-\d{4}-/, '-'))).toEqual([
      'MI01B-000001',
      'MI01B-000002',
      'MI01B-000003',
    ]);
    expect((await first.sync()).push).toMatchObject({ accepted: 3, rejected: 0 });
    expect((await second.sync()).push).toMatchObject({ accepted: 3, rejected: 0 });
    expect((await first.sync()).ok).toBe(true);
    // One site, one scope: each counter holds the other's orders too.
    for (const desk of [first, second])
      expect(desk.db.select({ n: count() }).from(repairOrders).get()!.n).toBe(6);
    const series = await server.db.query<{ series: string; n: number }>(
      'SELECT series, n FROM series_numbers ORDER BY series, n',
    );
    expect(series.map((r) => `${r.series.replace(/\d{4}$/, 'Y')}:${r.n}`)).toEqual([
      'order-MI01-Y:1',
      'order-MI01-Y:2',
      'order-MI01-Y:3',
      'order-MI01B-Y:1',
      'order-MI01B-Y:2',
      'order-MI01B-Y:3',
    ]);

    // The series are the site's: a counter that numbers in another site's series is refused,
    // and nothing of its intake is applied.
    await server.createSite('TO01', 'reception');
    const useSeries = (code: string) =>
      second.db.update(settings).set({ value: code }).where(eq(settings.key, seriesCodeKey)).run();
    useSeries('TO01');
    const forged = await intake(second);
    expect(forged).toMatch(/^TO01-\d{4}-000004$/);
    expect((await second.sync()).push).toMatchObject({ accepted: 0, rejected: 1 });
    expect(second.db.select().from(syncRejections).get()).toMatchObject({ code: 'wrong_series' });
    expect(
      await server.db.query(`SELECT 1 FROM records WHERE data->>'number' = $1`, [forged]),
    ).toEqual([]);
    useSeries('MI01B');

    // A code names one site's series for good: not another site's code, nor its counters'.
    for (const taken of ['MI01', 'MI01B'])
      expect(await issue('TO01', { series: taken })).toMatchObject({
        status: 409,
        body: { error: { code: 'conflict', params: { series: taken } } },
      });
    await expect(server.createSite('MI01B', 'reception')).rejects.toBeInstanceOf(SiteCodeTaken);
    expect(await issue('MI01', { series: 'mi01b' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation', issues: [{ path: 'series' }] } },
    });

    // The second counter's computer is replaced: the new one goes on in MI01B, before any pull.
    const again = await issue('MI01', { series: 'MI01B' });
    expect(again.body.enrolledDesks).toEqual([
      expect.objectContaining({ seriesCode: 'MI01B' }),
      expect.objectContaining({ seriesCode: 'MI01' }),
    ]);
    const enrolment = await enrolOverHttp(server.url, again.body.enrolmentCode as string);
    expect(enrolment.seriesCode).toBe('MI01B');
    const dir = tempDir('sportello-counter-');
    const fresh = openDesk({ dataDir: dir, logger: silentLogger });
    adoptEnrolment(fresh, server.url, enrolment);
    fresh.close();
    const replacement = reopenDesk(dir, server.url, () => untilPullsSeeEverything(server.db));
    expect(await intake(replacement)).toMatch(/^MI01B-\d{4}-000004$/);
    expect((await replacement.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });

    // Offline, it takes one more; then it is enrolled again with a code for the site's own
    // series. What it queued in MI01B still goes; its next intakes follow MI01 at the head office.
    const queued = await intake(replacement);
    expect(queued).toMatch(/^MI01B-\d{4}-000005$/);
    const plain = await newEnrolmentCodeForSite(server.db, 'MI01', Date.now());
    expect(plain?.seriesCode).toBe('MI01');
    await enrolDesk(replacement, server.url, plain!.enrolmentCode);
    expect(await intake(replacement)).toMatch(/^MI01-\d{4}-000004$/);
    const transport = httpTransport(
      settingsCredentialStore(replacement.db, replacement.secrets).load()!,
    );
    await untilPullsSeeEverything(server.db);
    expect(await syncOnce(replacement, transport)).toMatchObject({
      ok: true,
      push: { accepted: 2, rejected: 0 },
    });
  });

  it("a code that names the computer it replaces numbers in that desk's series and cuts the old desk off when the new one enrols", async () => {
    server = await startTestServer(backend);
    const first = await enrolledDesk(server, 'PD01');
    const deskIdOf = (desk: Desk) => readEnrolment(desk.db)!.deskId;

    // The site's second counter takes two intakes; then its computer is to be replaced.
    const second = await withCode((await issue('PD01', { series: 'PD01B' })).body.enrolmentCode);
    await intake(second);
    expect(await intake(second)).toMatch(/^PD01B-\d{4}-000002$/);
    expect((await second.sync()).push).toMatchObject({ accepted: 2, rejected: 0 });
    const replaced = deskIdOf(second);

    // Naming the desk is enough: the code numbers in its series. Not with a series as well, and
    // not for a desk of another site.
    const issued = await issue('PD01', { replaces: replaced });
    expect(issued).toMatchObject({
      status: 200,
      body: { seriesCode: 'PD01B', replaces: replaced },
    });
    expect(await issue('PD01', { replaces: replaced, series: 'PD01B' })).toMatchObject({
      status: 400,
      body: {
        error: { code: 'validation', issues: [{ path: 'replaces', code: 'series_or_replaces' }] },
      },
    });
    await server.createSite('VE01', 'reception');
    expect(await issue('VE01', { replaces: replaced })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', params: { replaces: replaced } } },
    });

    // The old computer serves on until the new one is set up: issuing the code revokes nothing.
    await intake(second);
    expect((await second.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    const replacement = await withCode(issued.body.enrolmentCode);
    expect(await second.sync()).toMatchObject({ ok: false, error: 'unauthenticated' });
    expect(await intake(replacement)).toMatch(/^PD01B-\d{4}-000004$/);
    expect((await replacement.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    const desks = await server.db.query<{ id: string; revoked: boolean; series: string | null }>(
      'SELECT id, revoked_at IS NOT NULL AS revoked, series_code AS series FROM desks ORDER BY created_at, id',
    );
    expect(desks).toEqual([
      { id: deskIdOf(first), revoked: false, series: null },
      { id: replaced, revoked: true, series: 'PD01B' },
      { id: deskIdOf(replacement), revoked: false, series: 'PD01B' },
    ]);
  });

  it('two admins giving one series code to two sites at the same instant: one gets it, the other is refused', async () => {
    server = await startTestServer(backend);
    await server.createSite('AA01', 'reception');
    await server.createSite('BB01', 'reception');
    for (let i = 0; i < 6; i++) {
      const series = `XS0${i}`;
      const claims = await Promise.allSettled(
        ['AA01', 'BB01'].map((site) =>
          newEnrolmentCodeForSite(server.db, site, Date.now(), { series }),
        ),
      );
      expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      const refused = claims.filter((c) => c.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(SeriesCodeTaken);
      // The site that got it may issue it again; the other never holds a code with it.
      const holder = claims.findIndex((c) => c.status === 'fulfilled') === 0 ? 'AA01' : 'BB01';
      await expect(
        newEnrolmentCodeForSite(server.db, holder, Date.now(), { series }),
      ).resolves.toMatchObject({ seriesCode: series });
      const [held] = await server.db.query<{ sites: string }>(
        `SELECT count(DISTINCT e.site_id)::text AS sites FROM enrolment_codes e WHERE e.series_code = $1`,
        [series],
      );
      expect(held!.sites).toBe('1');
    }
    // Two new sites with one code at once, and a site whose code a counter holds already.
    const sites = await Promise.allSettled([
      server.createSite('CC01', 'reception'),
      server.createSite('CC01', 'workshop_own'),
    ]);
    expect(sites.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(
      (sites.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason,
    ).toBeInstanceOf(SiteCodeTaken);
    await expect(server.createSite('XS00', 'reception')).rejects.toBeInstanceOf(SiteCodeTaken);
  });

  it('`npm run cli -- enrol` says when the desk numbers in a series of its own', async () => {
    server = await startTestServer(backend);
    await server.createSite('PD01', 'reception');
    const said = async (series?: string) => {
      const issued = await newEnrolmentCodeForSite(server.db, 'PD01', Date.now(), { series });
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      const args = ['enrol', '--server', server.url, '--code', issued!.enrolmentCode];
      expect(await runCli(['--data', tempDir(), ...args], { io })).toBe(0);
      return out.join('');
    };
    expect(await said('PD01B')).toContain('It numbers its orders in a series of its own: PD01B.');
    expect(await said()).not.toContain('series');
  });

  it("an admin changes a site's legal details and the site's next receipt prints them, without a restart", async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'VE01');
    expect(desk.site.legal).toMatchObject({ address: '' });
    const admin = { 'x-admin-key': server.adminKey, 'content-type': 'application/json' };
    const patch = (code: string, body: unknown) =>
      fetch(`${server.url}/admin/sites/${code}`, {
        method: 'PATCH',
        headers: admin,
        body: JSON.stringify(body),
      });
    const changed = await patch('VE01', {
      legalName: 'Riparazioni Venezia S.r.l.',
      address: 'Calle Larga 12, Venezia',
      vatNumber: 'IT09876543210',
    });
    expect(changed.status).toBe(200);
    expect((await patch('ZZ09', { address: 'x' })).status).toBe(404);
    expect((await patch('VE01', {})).status).toBe(400);
    expect((await patch('VE01', { colour: 'red' })).status).toBe(400);

    expect((await desk.sync()).ok).toBe(true);
    expect(desk.site.legal).toMatchObject({
      legalName: 'Riparazioni Venezia S.r.l.',
      address: 'Calle Larga 12, Venezia',
      vatNumber: 'IT09876543210',
    });
    const text = pdfText((await newIntakeReceipt(desk, 'a4', 'it')).pdf);
    expect(text).toContain('Calle Larga 12, Venezia');
    expect(text).toContain('IT09876543210');
  });

  it('an admin lists the desks of a site to find the one to revoke, and sees it revoked', async () => {
    server = await startTestServer(backend);
    const lost = await enrolledDesk(server, 'GE01');
    const quiet = await enrolledDesk(server, 'GE02');
    await expectOk(lost.call('createIntake', intakeInput()));
    expect((await lost.sync()).ok).toBe(true);
    // A desk that has sent nothing yet but pulls is seen too: it is not "never seen".
    expect((await quiet.sync()).push.sent).toBe(0);
    const admin = { 'x-admin-key': server.adminKey };
    const list = async (query: string) => {
      const response = await fetch(`${server.url}/admin/desks${query}`, { headers: admin });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const all = await list('');
    expect(all.status).toBe(200);
    expect((all.body.desks as { siteCode: string }[]).map((d) => d.siteCode).sort()).toEqual([
      'GE01',
      'GE02',
    ]);
    const ofGenoa = await list('?site=GE01');
    expect(ofGenoa.body.desks).toEqual([
      {
        deskId: expect.any(String),
        siteCode: 'GE01',
        siteKind: 'reception',
        seriesCode: 'GE01',
        enrolledAt: expect.any(Number),
        lastSeenAt: expect.any(Number),
        // The intake, its audit rows with it.
        lastSeq: 1,
        revokedAt: null,
        replacedBy: null,
      },
    ]);
    expect((await list('?site=GE02')).body.desks).toEqual([
      expect.objectContaining({ lastSeenAt: expect.any(Number), lastSeq: 0 }),
    ]);
    const [desk] = ofGenoa.body.desks as { deskId: string }[];
    await fetch(`${server.url}/admin/desks/${desk!.deskId}/revoke`, {
      method: 'POST',
      headers: admin,
    });
    expect((await list('?site=GE01')).body.desks).toEqual([
      expect.objectContaining({ deskId: desk!.deskId, revokedAt: expect.any(Number) }),
    ]);

    expect(await list('?site=ge01')).toMatchObject({
      status: 400,
      body: { error: { code: 'validation', issues: [{ path: 'site' }] } },
    });
    expect((await list('?site=GE01&secret=1')).status).toBe(400);
    // A site code that names no site is refused as such, not listed as a site without desks; the
    // other endpoints that take one say the same.
    expect(await list('?site=XX99')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', params: { site: 'XX99' } } },
    });
    const unknownSite = [
      fetch(`${server.url}/admin/sites/XX99/enrolment-codes`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: '{}',
      }),
      fetch(`${server.url}/admin/sites/XX99`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'X' }),
      }),
    ];
    for (const response of await Promise.all(unknownSite)) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 'not_found', params: { site: 'XX99' } },
      });
    }
    const anonymous = await fetch(`${server.url}/admin/desks`);
    expect(anonymous.status).toBe(401);
  });

  it('the admin API lists the sites, as `admin sites` does', async () => {
    server = await startTestServer(backend);
    await enrolledDesk(server, 'SI01');
    await server.createSite('SI02', 'workshop_own');
    const list = (headers: Record<string, string>, query = '') =>
      fetch(`${server.url}/admin/sites${query}`, { headers });
    const listed = await list({ 'x-admin-key': server.adminKey });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      sites: [
        {
          code: 'SI01',
          name: 'Site SI01',
          kind: 'reception',
          country: 'IT',
          timezone: 'Europe/Rome',
          active: true,
          activeDesks: 1,
          createdAt: expect.any(Number),
        },
        expect.objectContaining({ code: 'SI02', kind: 'workshop_own', activeDesks: 0 }),
      ],
    });
    expect((await list({ 'x-admin-key': 'wrong' })).status).toBe(401);
    expect((await list({})).status).toBe(401);
    expect((await list({ 'x-admin-key': server.adminKey }, '?site=SI01')).status).toBe(400);
  });

  it('the admin API refuses a wrong admin key', async () => {
    server = await startTestServer(backend);
    const response = await fetch(`${server.url}/admin/sites`, {
      method: 'POST',
      headers: { 'x-admin-key': 'nope', 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'XX01',
        name: 'X',
        kind: 'reception',
        timezone: 'Europe/Rome',
        country: 'IT',
        currency: 'EUR',
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthenticated', params: { reason: 'wrong_admin_key' } },
    });
    // A server started without SPORTELLO_ADMIN_KEY says its admin API is off, not that the key is wrong.
    const off = await buildApp({ db: server.db, logger: false });
    const refused = await off.inject({
      method: 'GET',
      url: '/admin/desks',
      headers: { 'x-admin-key': 'x' },
    });
    expect(refused.json()).toEqual({
      error: { code: 'unauthenticated', params: { reason: 'admin_api_off' } },
    });
    await off.close();
    const ok = await fetch(`${server.url}/admin/sites`, {
      method: 'POST',
      headers: { 'x-admin-key': server.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'XX01',
        name: 'X',
        kind: 'reception',
        timezone: 'Europe/Rome',
        country: 'IT',
        currency: 'EUR',
      }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      site: { code: 'XX01' },
      enrolmentCode: expect.any(String),
    });
  });
});
