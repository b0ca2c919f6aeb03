import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/runtime/context';
import { openDesk, type Desk } from '../../../core/runtime/desk';
import { enrolDesk } from '../../../core/sync/enrol';
import { readEnrolment } from '../../../core/sync/sync-state';
import { newEnrolmentCodeForSite, revokeDesk } from '../../../server/sites';
import { expectOk, intakeInput, tempDir, testDesk } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';
import { outboxMutations, reopenDesk } from '../../support/sync-desk';
import {
  startTestServer,
  untilPullsSeeEverything,
  warmUpBackend,
  type TestServer,
} from '../../support/sync-server';

function settingsRows(desk: Desk): unknown[] {
  return desk.db.$client.prepare('SELECT key, value FROM settings ORDER BY key').all();
}

const signIn = async (desk: Desk, login: string, password: string) =>
  (
    (await expectOk(
      desk.callWithSession(undefined, 'signIn', { with: 'password', login, password }),
    )) as {
      token: string;
    }
  ).token;

/**
 * A desk set up at first run, with a receptionist, enrolled as RM01 and then revoked at the head
 * office once it had sent them; the admin and the receptionist signed in.
 */
async function revokedDesk(server: TestServer) {
  const { code } = await server.createSite('RM01', 'reception', { name: 'Sportello Roma' });
  const dataDir = tempDir('sportello-reenrol-preview-');
  const first = openDesk({ dataDir, logger: silentLogger });
  const admin = await setUpHeadOffice(first);
  await expectOk(
    first.callWithSession(admin.token, 'createUser', {
      name: 'Paolo Neri',
      login: 'paolo',
      password: 'a long password',
      roles: ['receptionist'],
    }),
  );
  const { deskId } = await enrolDesk(first, server.url, code);
  first.close();
  // Its people and their sign-ins reach the head office: it holds nothing unsent when cut off.
  const desk = reopenDesk(dataDir, server.url, () => untilPullsSeeEverything(server.db));
  const adminToken = await signIn(desk, headOffice.admin.login, headOffice.admin.password);
  const clerkToken = await signIn(desk, 'paolo', 'a long password');
  await desk.sync();
  expect(outboxMutations(desk)).toEqual([]);
  expect(await revokeDesk(server.db, deskId, Date.now())).toBe(true);
  return { desk, adminToken, clerkToken };
}

const newCode = async (server: TestServer, site: string) =>
  (await newEnrolmentCodeForSite(server.db, site, Date.now()))!.enrolmentCode;

describe('the enrol-again form asks which site a code is for (previewEnrolment without an address)', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('anyone signed in who may enrol the desk again may ask, on the head office it knows; the code stays unspent', async () => {
    server = await startTestServer('pglite');
    const { desk, adminToken, clerkToken } = await revokedDesk(server);
    const code = await newCode(server, 'RM01');
    const before = settingsRows(desk);
    const enrolment = readEnrolment(desk.db);

    expect(await desk.callWithSession(undefined, 'previewEnrolment', { code })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    for (const token of [clerkToken, adminToken])
      expect(await desk.callWithSession(token, 'previewEnrolment', { code })).toEqual({
        ok: true,
        value: {
          site: { code: 'RM01', name: 'Sportello Roma', kind: 'reception' },
          current: { code: 'RM01', name: 'Sportello Roma' },
        },
      });
    // With an address it is still the Join form's question, which an enrolled desk may not ask:
    // no one at the desk points it at another server this way.
    expect(
      await desk.callWithSession(clerkToken, 'previewEnrolment', { serverUrl: server.url, code }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await desk.callWithSession(adminToken, 'previewEnrolment', { serverUrl: server.url, code }),
    ).toMatchObject({ ok: false, error: { code: 'already_enrolled' } });
    expect(settingsRows(desk)).toEqual(before);
    expect(readEnrolment(desk.db)).toEqual(enrolment);

    // The code was not spent: the receptionist enrols the desk again with it.
    expect(await desk.callWithSession(clerkToken, 'reenrolDesk', { code })).toMatchObject({
      ok: true,
      value: { site: { code: 'RM01' } },
    });
  });

  it("another site's code is shown with the site the desk is now; a desk holding orders is told it cannot become it", async () => {
    server = await startTestServer('pglite');
    const { desk, clerkToken } = await revokedDesk(server);
    await server.createSite('LAB1', 'workshop_own', { name: 'Laboratorio Milano' });
    const lab = await newCode(server, 'LAB1');
    const own = await newCode(server, 'RM01');

    expect(await desk.callWithSession(clerkToken, 'previewEnrolment', { code: lab })).toEqual({
      ok: true,
      value: {
        site: { code: 'LAB1', name: 'Laboratorio Milano', kind: 'workshop_own' },
        current: { code: 'RM01', name: 'Sportello Roma' },
      },
    });

    await expectOk(desk.callWithSession(clerkToken, 'createIntake', intakeInput()));
    expect(await desk.callWithSession(clerkToken, 'previewEnrolment', { code: lab })).toMatchObject(
      { ok: false, error: { code: 'desk_has_orders', params: { orders: 1 } } },
    );
    // Its own site's code is fine: it keeps its orders and its queue.
    expect(await desk.callWithSession(clerkToken, 'previewEnrolment', { code: own })).toMatchObject(
      { ok: true, value: { site: { code: 'RM01' }, current: { code: 'RM01' } } },
    );
    expect(desk.site.code).toBe('RM01');
    // Neither code was spent.
    await expect(enrolDesk(testDesk(), server.url, lab)).resolves.toMatchObject({
      site: { code: 'LAB1' },
    });
    expect(await desk.callWithSession(clerkToken, 'reenrolDesk', { code: own })).toMatchObject({
      ok: true,
    });
  });

  it('a desk not enrolled has no head office to ask without an address', async () => {
    server = await startTestServer('pglite');
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const { code } = await server.createSite('HQ', 'head_office');
    expect(await desk.callWithSession(admin.token, 'previewEnrolment', { code })).toMatchObject({
      ok: false,
      error: { code: 'not_enrolled' },
    });
    expect(await desk.callWithSession(undefined, 'previewEnrolment', { code })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });
});
