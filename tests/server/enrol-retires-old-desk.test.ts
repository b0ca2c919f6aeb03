import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/run-cli';
import type { EnrolResponse } from '../../core/contract/replication';
import { openDesk } from '../../core/runtime/desk';
import { silentLogger } from '../../core/runtime/context';
import { enrolDesk, EnrolmentRefused } from '../../core/sync/enrol';
import { readEnrolment, settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { listDesks, newEnrolmentCodeForSite } from '../../server/sites';
import { expectOk, intakeInput, tempDir } from '../support/desk';
import { authorizationOf, enrolledDesk, reopenDesk } from '../support/sync-desk';
import { outbox, repairOrders } from '../../core/db/schema';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';
import { syncOnce } from '../../core/sync/sync-once';

/**
 * A computer that enrols again (its own site once more, or another one it moved to) retires the
 * desk id it was: it proves it holds that desk's credentials, and the head office revokes the
 * old desk, replaced by the new one, in the transaction that spends the code. A ghost desk would
 * otherwise stay active, its credentials — kept in the desk's backups — still working.
 */
describe.each(backends)('a computer enrolled again retires its old desk (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  const codeFor = async (site: string) =>
    (await newEnrolmentCodeForSite(server.db, site, Date.now()))!.enrolmentCode;
  const deskRow = async (id: string) =>
    (await listDesks(server.db, {})).find((desk) => desk.deskId === id);
  const rawEnrol = async (code: string, authorization?: string) => {
    const response = await fetch(`${server.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ code }),
    });
    return { status: response.status, body: (await response.json()) as EnrolResponse };
  };

  it('enrolled again as its own site: the old desk is revoked, replaced by the new one, and its credentials stop working', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'RM01');
    await expectOk(desk.call('createIntake', intakeInput()));
    expect((await desk.sync()).ok).toBe(true);
    const oldId = readEnrolment(desk.db)!.deskId;

    const enrolment = await enrolDesk(desk, server.url, await codeFor('RM01'));
    const newId = readEnrolment(desk.db)!.deskId;
    expect(newId).not.toBe(oldId);
    expect(enrolment.retiredDeskId).toBe(oldId);
    expect(await deskRow(oldId)).toMatchObject({
      revokedAt: expect.any(Number),
      replacedBy: newId,
    });
    expect(await deskRow(newId)).toMatchObject({ revokedAt: null, replacedBy: null });
    // The old credentials (as a backup of the desk holds them) are refused; the new ones work.
    // (`desk.transport` is bound to the credentials the desk was opened with.)
    await expect(syncOnce(desk, desk.transport)).resolves.toMatchObject({
      ok: false,
      error: 'unauthenticated',
    });
    expect((await desk.sync()).ok).toBe(true);
    const transport = httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!);
    await expect(transport.pull('0:0', 10)).resolves.toMatchObject({ end: { type: 'end' } });
    // One active desk for the one computer.
    const active = (await listDesks(server.db, { site: 'RM01' })).filter((d) => !d.revokedAt);
    expect(active.map((d) => d.deskId)).toEqual([newId]);
  });

  it('moved to another site: the old site no longer lists it as active', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01');
    expect((await desk.sync()).ok).toBe(true);
    const oldId = readEnrolment(desk.db)!.deskId;
    await server.createSite('MI02', 'reception');

    await enrolDesk(desk, server.url, await codeFor('MI02'));
    const newId = readEnrolment(desk.db)!.deskId;
    expect(await deskRow(oldId)).toMatchObject({ siteCode: 'MI01', replacedBy: newId });
    expect((await deskRow(oldId))!.revokedAt).not.toBeNull();
    expect(await deskRow(newId)).toMatchObject({ siteCode: 'MI02', revokedAt: null });
  });

  it('a desk revoked by an admin keeps when it was revoked, and says what took its place', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'BO01');
    const oldId = readEnrolment(desk.db)!.deskId;
    const revoked = await fetch(`${server.url}/admin/desks/${oldId}/revoke`, {
      method: 'POST',
      headers: { 'x-admin-key': server.adminKey },
    });
    expect(revoked.status).toBe(200);
    const revokedAt = (await deskRow(oldId))!.revokedAt;

    await enrolDesk(desk, server.url, await codeFor('BO01'));
    expect(await deskRow(oldId)).toMatchObject({
      revokedAt,
      replacedBy: readEnrolment(desk.db)!.deskId,
    });
  });

  it('credentials that are not a desk’s own retire nothing and do not stop the enrolment', async () => {
    server = await startTestServer(backend);
    const other = await enrolledDesk(server, 'FI01');
    const otherId = readEnrolment(other.db)!.deskId;
    const genuine = authorizationOf(other);
    const forged = [
      // The right desk id with a secret that is not its own.
      `Bearer ${otherId}.${'A'.repeat(43)}`,
      // A desk id alone, and ids this head office never issued.
      `Bearer ${otherId}`,
      otherId,
      `Bearer 00000000-0000-7000-8000-000000000000.${'B'.repeat(43)}`,
      // The genuine credentials sent some other way than as a bearer.
      genuine.replace('Bearer ', 'Basic '),
    ];
    for (const authorization of forged) {
      const enrolled = await rawEnrol(await codeFor('FI01'), authorization);
      expect(enrolled.status, authorization).toBe(200);
      expect(enrolled.body.retiredDeskId, authorization).toBeUndefined();
      expect(await deskRow(otherId)).toMatchObject({ revokedAt: null, replacedBy: null });
    }
    // Its credentials still work.
    await expect(other.transport.pull('0:0', 1)).resolves.toMatchObject({ end: { type: 'end' } });
    // A wrong code with genuine credentials is refused and retires nothing either.
    expect((await rawEnrol('AAAA-BBBB-CCCC-DDDD', genuine)).status).toBe(401);
    expect(await deskRow(otherId)).toMatchObject({ revokedAt: null, replacedBy: null });
    // The genuine credentials do retire it.
    const enrolled = await rawEnrol(await codeFor('FI01'), genuine);
    expect(enrolled.body.retiredDeskId).toBe(otherId);
    expect(await deskRow(otherId)).toMatchObject({ replacedBy: enrolled.body.deskId });
  });

  it('a desk holding its orders, unsent, is refused another site before the code is spent, and keeps its desk id', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'PA01');
    const oldId = readEnrolment(desk.db)!.deskId;
    await expectOk(desk.call('createIntake', intakeInput()));
    await server.createSite('PA02', 'reception');
    const code = await codeFor('PA02');

    await expect(enrolDesk(desk, server.url, code)).rejects.toMatchObject({
      code: 'desk_has_orders',
    });
    await expect(enrolDesk(desk, server.url, code)).rejects.toBeInstanceOf(EnrolmentRefused);
    expect(readEnrolment(desk.db)!.deskId).toBe(oldId);
    expect(await deskRow(oldId)).toMatchObject({ revokedAt: null, replacedBy: null });
    // The code was not spent, and the desk sends its change under its desk id as before.
    const fresh = openDesk({ dataDir: tempDir(), logger: silentLogger });
    await expect(enrolDesk(fresh, server.url, code)).resolves.toMatchObject({
      site: { code: 'PA02' },
    });
    fresh.close();
    expect((await desk.sync()).push).toMatchObject({ accepted: 1 });
  });

  /** A fetch that does `meanwhile` as the code is spent, after the preview's check passed. */
  const spendingAfter =
    (meanwhile: () => Promise<void>): typeof fetch =>
    async (input, init) => {
      if (String(input).endsWith('/enrol')) await meanwhile();
      return fetch(input, init);
    };

  it('a change made while the desk becomes another site is refused, and the desk is not cut off', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'NA01');
    const oldId = readEnrolment(desk.db)!.deskId;
    await server.createSite('NA02', 'reception');
    const code = await codeFor('NA02');
    let meanwhile: unknown;
    const spy = spendingAfter(async () => {
      meanwhile = await desk.call('createIntake', intakeInput());
    });

    const enrolment = await enrolDesk(desk, server.url, code, spy);
    // The counter's intake came between the check and the spend: it was refused, said so, and
    // left nothing behind; the desk is NA02 under its new id, the old one retired.
    expect(meanwhile).toMatchObject({ ok: false, error: { code: 'desk_enrolling' } });
    expect(enrolment).toMatchObject({ site: { code: 'NA02' }, retiredDeskId: oldId });
    expect(readEnrolment(desk.db)!.deskId).toBe(enrolment.deskId);
    expect(desk.db.select().from(outbox).all()).toEqual([]);
    expect(await deskRow(enrolment.deskId)).toMatchObject({ siteCode: 'NA02', revokedAt: null });
    // The hold ended with the adoption: the same intake now goes through, as NA02.
    const reopened = reopenDesk(desk.dataDir);
    await expectOk(reopened.call('createIntake', intakeInput()));
    expect((await reopened.sync()).push).toMatchObject({ accepted: 1 });
  });

  it('an order pulled while the desk becomes another site waits, and the desk is not cut off', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'VE01');
    const oldId = readEnrolment(desk.db)!.deskId;
    // Another counter of the old site takes in an order, which this desk would pull.
    const issued = await newEnrolmentCodeForSite(server.db, 'VE01', Date.now());
    const otherDir = tempDir();
    const fresh = openDesk({ dataDir: otherDir, logger: silentLogger });
    await enrolDesk(fresh, server.url, issued!.enrolmentCode);
    fresh.close();
    const other = reopenDesk(otherDir);
    await expectOk(other.call('createIntake', intakeInput()));
    expect((await other.sync()).push).toMatchObject({ accepted: 1 });
    await server.createSite('VE02', 'reception');
    const code = await codeFor('VE02');
    const spy = spendingAfter(async () => {
      expect((await desk.sync()).ok).toBe(true);
    });

    const enrolment = await enrolDesk(desk, server.url, code, spy);
    expect(enrolment).toMatchObject({ site: { code: 'VE02' }, retiredDeskId: oldId });
    expect(desk.db.select().from(repairOrders).all()).toEqual([]);
  });

  it("a desk enrolling with another head office's code never sends it its credentials", async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'GE01');
    const elsewhere = await startTestServer(backend);
    try {
      const { code } = await elsewhere.createSite('GE02', 'reception');
      const sent: (string | null)[] = [];
      const spy: typeof fetch = (input, init) => {
        sent.push(new Headers(init?.headers).get('authorization'));
        return fetch(input, init);
      };
      const enrolment = await enrolDesk(desk, elsewhere.url, code, spy);
      expect(sent).toEqual([null]);
      expect(enrolment.retiredDeskId).toBeUndefined();
    } finally {
      await elsewhere.close();
    }
  });

  it('`npm run cli -- enrol` on an enrolled folder says which desk id it retired', async () => {
    server = await startTestServer(backend);
    await server.createSite('TO01', 'reception');
    const dir = tempDir();
    const enrol = async () => {
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      const args = ['enrol', '--server', server.url, '--code', await codeFor('TO01')];
      expect(await runCli(['--data', dir, ...args], { io })).toBe(0);
      return out.join('');
    };
    const first = await enrol();
    expect(first).not.toContain('previous desk id');
    const oldId = /desk ([0-9a-f-]{36})\./.exec(first)![1]!;
    const again = await enrol();
    const newId = /desk ([0-9a-f-]{36})\./.exec(again)![1]!;
    expect(again).toContain(
      `Its previous desk id, ${oldId}, is retired: the head office revoked it, so the old credentials (in backups too) no longer work.`,
    );
    expect(await deskRow(oldId)).toMatchObject({ replacedBy: newId });
  });

  it('a code naming the desk it replaces records the replacement too', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'PV01');
    const oldId = readEnrolment(desk.db)!.deskId;
    const issued = await newEnrolmentCodeForSite(server.db, 'PV01', Date.now(), {
      replaces: oldId,
    });
    const fresh = openDesk({ dataDir: tempDir(), logger: silentLogger });
    const enrolment = await enrolDesk(fresh, server.url, issued!.enrolmentCode);
    fresh.close();
    expect(enrolment.retiredDeskId).toBeUndefined();
    expect(await deskRow(oldId)).toMatchObject({ replacedBy: enrolment.deskId });
  });
});
