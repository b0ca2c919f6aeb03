import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FirstRunState } from '../../../core/contract/auth';
import type { z } from 'zod';
import { openDesk, type Desk } from '../../../core/runtime/desk';
import { keepDeskSynced } from '../../../core/sync/desk-sync';
import { readEnrolment } from '../../../core/sync/sync-state';
import { expectOk, intakeInput, tempDir, testDesk } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';
import { reopenDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';
import { enrolDesk } from '../../../core/sync/enrol';

type State = z.infer<typeof FirstRunState>;

/** The call the first-run screen makes: no one is signed in. */
const enrolFromScreen = (desk: Desk, serverUrl: string, code: string) =>
  desk.callWithSession(undefined, 'enrolDesk', { serverUrl, code });

const firstRunState = async (desk: Desk) =>
  (await expectOk(desk.callWithSession(undefined, 'getFirstRunState', {}))) as State;

function settingsRows(desk: Desk): unknown[] {
  return desk.db.$client.prepare('SELECT key, value FROM settings ORDER BY key').all();
}

describe('enrolling from the first-run screen (enrolDesk)', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('refuses a wrong code, an unreachable server and a bad address, changing nothing', async () => {
    server = await startTestServer('pglite');
    const desk = testDesk();
    const before = settingsRows(desk);
    const site = desk.site.code;

    const wrong = await enrolFromScreen(desk, server.url, 'AAAA-BBBB-CCCC-DDDD');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'enrolment_code_rejected' } });
    const down = await enrolFromScreen(desk, 'http://127.0.0.1:9', 'AAAA-BBBB');
    expect(down).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    const address = await enrolFromScreen(desk, 'ftp://head-office', 'AAAA-BBBB');
    expect(address).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'serverUrl', code: 'invalid_server_url' }] },
    });

    expect(settingsRows(desk)).toEqual(before);
    expect(readEnrolment(desk.db)).toBeNull();
    expect(desk.site.code).toBe(site);
    expect((await firstRunState(desk)).setUp).toBe(false);
  });

  it('refuses a desk that is set up, or holds orders, before spending the code', async () => {
    server = await startTestServer('pglite');
    const { code } = await server.createSite('MI01', 'reception');
    const setUp = testDesk();
    await setUpHeadOffice(setUp);
    const closed = await enrolFromScreen(setUp, server.url, code);
    expect(closed).toMatchObject({ ok: false, error: { code: 'already_set_up' } });
    const busy = testDesk();
    await expectOk(busy.call('createIntake', intakeInput()));
    const refused = await enrolFromScreen(busy, server.url, code);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'desk_has_orders', params: { orders: 1 } },
    });
    // The code is still good.
    await expect(enrolDesk(testDesk(), server.url, code)).resolves.toMatchObject({
      site: { code: 'MI01' },
    });
  });

  it('the screen asks which site the code is for first: the code stays unspent and the desk unchanged', async () => {
    server = await startTestServer('pglite');
    const { code } = await server.createSite('LAB1', 'workshop_own', {
      name: 'Laboratorio Milano',
    });
    const desk = testDesk();
    const before = settingsRows(desk);
    const asked = await desk.callWithSession(undefined, 'previewEnrolment', {
      serverUrl: server.url,
      code,
    });
    expect(asked).toEqual({
      ok: true,
      value: {
        site: { code: 'LAB1', name: 'Laboratorio Milano', kind: 'workshop_own' },
        current: null,
      },
    });
    expect(settingsRows(desk)).toEqual(before);
    expect(readEnrolment(desk.db)).toBeNull();

    // Refused as enrolment refuses: a wrong code, a server out of reach, a desk holding orders.
    const wrong = await desk.callWithSession(undefined, 'previewEnrolment', {
      serverUrl: server.url,
      code: 'AAAA-BBBB-CCCC-DDDD',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'enrolment_code_rejected' } });
    const down = await desk.callWithSession(undefined, 'previewEnrolment', {
      serverUrl: 'http://127.0.0.1:9',
      code,
    });
    expect(down).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    const busy = testDesk();
    await expectOk(busy.call('createIntake', intakeInput()));
    expect(
      await busy.callWithSession(undefined, 'previewEnrolment', { serverUrl: server.url, code }),
    ).toMatchObject({ ok: false, error: { code: 'desk_has_orders' } });

    const enrolled = await enrolFromScreen(desk, server.url, code);
    expect(enrolled).toMatchObject({ ok: true, value: { site: { code: 'LAB1' } } });
  });

  it('once set up, only an admin of a desk not yet enrolled may ask which site a code is for', async () => {
    server = await startTestServer('pglite');
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const { code } = await server.createSite('HQ', 'head_office');
    await expectOk(
      desk.callWithSession(admin.token, 'createUser', {
        name: 'Paolo Neri',
        login: 'paolo',
        password: 'a long password',
        roles: ['receptionist'],
      }),
    );
    const clerk = (await expectOk(
      desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'paolo',
        password: 'a long password',
      }),
    )) as { token: string };
    const ask = (token: string | undefined) =>
      desk.callWithSession(token, 'previewEnrolment', { serverUrl: server.url, code });

    expect(await ask(undefined)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await ask(clerk.token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(admin.token)).toMatchObject({
      ok: true,
      value: { site: { code: 'HQ', kind: 'head_office' } },
    });
    await expectOk(
      desk.callWithSession(admin.token, 'joinHeadOffice', { serverUrl: server.url, code }),
    );
    expect(await ask(admin.token)).toMatchObject({
      ok: false,
      error: { code: 'already_enrolled' },
    });
  });

  it('a head office set up on its own joins the server from its sync badge: an admin only, not twice', async () => {
    server = await startTestServer('pglite');
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const { code } = await server.createSite('HQ', 'head_office');
    const clerk = (await expectOk(
      desk.callWithSession(admin.token, 'createUser', {
        name: 'Paolo Neri',
        login: 'paolo',
        password: 'a long password',
        roles: ['receptionist'],
      }),
    )) as { id: string };
    const clerkSession = (await expectOk(
      desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'paolo',
        password: 'a long password',
      }),
    )) as { token: string };
    expect(
      await desk.callWithSession(clerkSession.token, 'joinHeadOffice', {
        serverUrl: server.url,
        code,
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const joined = await desk.callWithSession(admin.token, 'joinHeadOffice', {
      serverUrl: server.url,
      code,
    });
    expect(joined).toMatchObject({
      ok: true,
      value: { site: { code: 'HQ', kind: 'head_office' } },
    });
    expect(readEnrolment(desk.db)).not.toBeNull();
    // Its people are now the server's head office's, the admin still signed in.
    expect(desk.site.code).toBe('HQ');
    const me = (await expectOk(desk.callWithSession(admin.token, 'whoAmI', {}))) as {
      user: { siteId: string };
    };
    expect(me.user.siteId).toBe(desk.site.id);
    expect(clerk.id).toBeTruthy();
    expect(
      await desk.callWithSession(admin.token, 'joinHeadOffice', { serverUrl: server.url, code }),
    ).toMatchObject({ ok: false, error: { code: 'already_enrolled' } });
  });

  it('a good code turns the desk into the site, seals the credentials, and the loop brings its people down', async () => {
    server = await startTestServer('pglite');
    // The head office: set up, enrolled, and its admin adds Nina to the new site MI01.
    const hqDir = tempDir();
    const firstRun = openDesk({ dataDir: hqDir });
    await setUpHeadOffice(firstRun);
    await enrolDesk(
      firstRun,
      server.url,
      (await server.createSite(headOffice.site.code, 'head_office')).code,
    );
    firstRun.close();
    const hq = reopenDesk(hqDir);
    const { code } = await server.createSite('MI01', 'reception');
    expect(await hq.sync()).toMatchObject({ ok: true });
    const milan = hq.db.$client.prepare("SELECT id FROM sites WHERE code = 'MI01'").get() as {
      id: string;
    };
    const admin = (await expectOk(
      hq.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: headOffice.admin.login,
        password: headOffice.admin.password,
      }),
    )) as { token: string };
    await expectOk(
      hq.callWithSession(admin.token, 'createUser', {
        name: 'Nina Rossi',
        login: 'nina',
        password: 'a long password',
        roles: ['receptionist'],
        siteId: milan.id,
      }),
    );
    expect(await hq.sync()).toMatchObject({ ok: true, push: { rejected: 0 } });

    // The new desk, as the hosts run it: no loop until it enrols from the screen.
    const dir = tempDir();
    const desk = openDesk({ dataDir: dir });
    const sync = keepDeskSynced(desk, { idleMs: 200 });
    try {
      expect((await firstRunState(desk)).firstSync).toBeNull();
      const enrolled = await expectOk(enrolFromScreen(desk, `${server.url}/`, ` ${code} `));
      expect(enrolled).toMatchObject({ site: { code: 'MI01', kind: 'reception' } });
      expect(desk.site.code).toBe('MI01');
      const stored = desk.db.$client
        .prepare("SELECT value FROM settings WHERE key = 'sync.credentials'")
        .get() as { value: string };
      expect(JSON.parse(stored.value)).toHaveProperty('sealedSecret');
      expect(JSON.parse(stored.value)).not.toHaveProperty('secret');

      await expect
        .poll(async () => (await firstRunState(desk)).firstSync?.done, {
          timeout: 20_000,
        })
        .toBe(true);
      const state = await firstRunState(desk);
      expect(state).toMatchObject({ setUp: true, people: 1, firstSync: { remaining: 0 } });
      const nina = await desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'nina',
        password: 'a long password',
      });
      expect(nina).toMatchObject({ ok: true, value: { user: { login: 'nina' } } });
      // The enrolment's audit entry went up under the site the desk now is.
      const audits = await server.db.query<{ site: string }>(
        `SELECT data->>'siteId' AS site FROM records WHERE tbl = 'audit_log' AND data->>'action' = 'enrolDesk'`,
      );
      expect(audits).toEqual([{ site: desk.site.id }]);
    } finally {
      await sync.stop();
      desk.close();
    }
  });
});
