import { describe, expect, it } from 'vitest';
import { expectOk, testDesk } from '../../support/desk';
import { headOffice, setUpHeadOffice, type SignedIn } from '../../support/people';

describe('first run and signing in', () => {
  it('a new desk says it is not set up, and the head office sets it up with its first admin', async () => {
    const desk = testDesk();
    const before = await expectOk(desk.callWithSession(undefined, 'getFirstRunState', {}));
    expect(before).toMatchObject({ setUp: false, site: { code: 'MI01' } });

    const admin = await setUpHeadOffice(desk);
    expect(admin.token).toMatch(/^[\w-]{43}$/);
    expect(desk.site).toMatchObject({ code: 'HQ01', kind: 'head_office' });

    const after = await expectOk(desk.callWithSession(undefined, 'getFirstRunState', {}));
    expect(after).toMatchObject({
      setUp: true,
      site: { code: 'HQ01' },
      pinUsers: [{ name: 'Marta Rossi' }],
    });
    const users = (await expectOk(desk.callWithSession(admin.token, 'listUsers', {}))) as {
      login: string;
    }[];
    expect(users.map((u) => u.login)).toEqual(['marta']);

    const again = await desk.callWithSession(undefined, 'setUpHeadOffice', headOffice);
    expect(again).toMatchObject({ ok: false, error: { code: 'already_set_up' } });
  });

  it('without a session only public methods answer', async () => {
    const desk = testDesk();
    await setUpHeadOffice(desk);
    expect(await desk.callWithSession(undefined, 'listOrders', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await desk.callWithSession('made-up-token', 'whoAmI', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('an admin adds a receptionist, who switches in with her PIN and may not manage people', async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const created = (await expectOk(
      desk.callWithSession(admin.token, 'createUser', {
        name: 'Luca Verdi',
        login: 'luca',
        password: 'a long enough password',
        pin: '1234',
        roles: ['receptionist'],
      }),
    )) as { id: string };
    const luca = (await expectOk(
      desk.callWithSession(undefined, 'signIn', { with: 'pin', userId: created.id, pin: '1234' }),
    )) as SignedIn;
    expect(await expectOk(desk.callWithSession(luca.token, 'whoAmI', {}))).toMatchObject({
      user: { login: 'luca', roles: ['receptionist'] },
    });
    expect(await desk.callWithSession(luca.token, 'listUsers', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expectOk(desk.callWithSession(luca.token, 'signOut', {}));
    expect(await desk.callWithSession(luca.token, 'whoAmI', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('a wrong password is refused the same way as an unknown login, and five in a row lock the login', async () => {
    let now = Date.UTC(2026, 10, 26, 9);
    const desk = testDesk({ now: () => now });
    await setUpHeadOffice(desk);
    const attempt = (password: string) =>
      desk.callWithSession(undefined, 'signIn', { with: 'password', login: 'marta', password });
    expect(
      await desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'nobody',
        password: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    for (let i = 0; i < 5; i++)
      expect(await attempt('guess')).toMatchObject({
        ok: false,
        error: { code: 'invalid_credentials' },
      });
    expect(await attempt('guess')).toMatchObject({
      ok: false,
      error: { code: 'too_many_attempts', params: { retryAfterSeconds: 30 } },
    });
    // Even the right password waits out the lock.
    expect(await attempt(headOffice.admin.password)).toMatchObject({
      ok: false,
      error: { code: 'too_many_attempts' },
    });
    now += 31_000;
    expect(await attempt(headOffice.admin.password)).toMatchObject({ ok: true });
    const failures = desk.db.$client
      .prepare(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'signIn.failed' AND entity_id = 'marta'",
      )
      .get() as { n: number };
    expect(failures.n).toBe(5);
  });

  it('the counter locks itself after the idle time an admin set', async () => {
    let now = Date.UTC(2026, 10, 26, 9);
    const desk = testDesk({ now: () => now });
    const admin = await setUpHeadOffice(desk);
    await expectOk(desk.callWithSession(admin.token, 'configureSignIn', { idleTimeoutMinutes: 5 }));
    now += 4 * 60_000;
    await expectOk(desk.callWithSession(admin.token, 'whoAmI', {}));
    now += 4 * 60_000;
    await expectOk(desk.callWithSession(admin.token, 'whoAmI', {}));
    now += 5 * 60_000 + 1;
    expect(await desk.callWithSession(admin.token, 'whoAmI', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('a deactivated person is signed out at once, and the last admin cannot be removed', async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const tech = (await expectOk(
      desk.callWithSession(admin.token, 'createUser', {
        name: 'Ivan Petrov',
        login: 'ivan',
        password: 'another long password',
        roles: ['technician'],
      }),
    )) as { id: string };
    const session = (await expectOk(
      desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'ivan',
        password: 'another long password',
      }),
    )) as SignedIn;
    await expectOk(desk.callWithSession(admin.token, 'deactivateUser', { id: tech.id }));
    expect(await desk.callWithSession(session.token, 'listOrders', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(
      await desk.callWithSession(admin.token, 'deactivateUser', { id: admin.user.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', params: { reason: 'last_admin' } },
    });
  });

  it("the network's system accounts are not listed, not editable and not counted as an admin", async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    // What the server makes with each site and every desk receives as reference data: an
    // account with every role and no way to sign in.
    const banco = '0193a000-0000-7000-8000-00000000b0c0';
    desk.db.$client
      .prepare(
        `INSERT INTO users (id, origin_site_id, created_at, updated_at, site_id, name, login, roles,
           password_hash, pin_hash, active)
         VALUES (?, ?, 0, 0, ?, 'Banco HQ01', 'banco.hq01', '["receptionist","manager","admin"]',
           NULL, NULL, 1)`,
      )
      .run(banco, desk.site.id, desk.site.id);

    const listed = (await expectOk(
      desk.callWithSession(admin.token, 'listUsers', { includeInactive: true }),
    )) as { login: string }[];
    expect(listed.map((u) => u.login)).toEqual(['marta']);
    expect(
      await desk.callWithSession(admin.token, 'updateUser', {
        id: banco,
        password: 'a password for nobody',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await desk.callWithSession(admin.token, 'deactivateUser', { id: admin.user.id }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', params: { reason: 'last_admin' } } });
  });

  it('a person changes their own password only by proving the current one', async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    expect(
      await desk.callWithSession(admin.token, 'changeOwnPassword', {
        current: 'wrong',
        next: 'a brand new passphrase',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'current', code: 'wrong_password' }] },
    });
    await expectOk(
      desk.callWithSession(admin.token, 'changeOwnPassword', {
        current: headOffice.admin.password,
        next: 'a brand new passphrase',
      }),
    );
    await expectOk(
      desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'marta',
        password: 'a brand new passphrase',
      }),
    );
  });

  it('password hashes are argon2id and never leave the desk through the audit trail', async () => {
    const desk = testDesk();
    await setUpHeadOffice(desk);
    const row = desk.db.$client
      .prepare("SELECT password_hash, pin_hash FROM users WHERE login = 'marta'")
      .get() as {
      password_hash: string;
      pin_hash: string;
    };
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.pin_hash).toMatch(/^\$argon2id\$/);
    const audit = desk.db.$client.prepare('SELECT before, after FROM audit_log').all() as object[];
    expect(JSON.stringify(audit)).not.toContain('$argon2');
  });

  it('setup on a desk that already took orders keeps the site and its orders, renamed', async () => {
    const desk = testDesk();
    const { intakeInput } = await import('../../support/desk');
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as {
      id: string;
      number: string;
    };
    const siteId = desk.site.id;
    await setUpHeadOffice(desk);
    expect(desk.site).toMatchObject({ id: siteId, code: 'HQ01' });
    expect(await expectOk(desk.call('getOrder', { id: order.id }))).toMatchObject({
      number: order.number,
    });
  });

  it('after setup the CLI acts as the desk system user, who cannot sign in through a host', async () => {
    const desk = testDesk();
    await setUpHeadOffice(desk);
    expect(desk.defaultActor).toMatchObject({
      name: 'Sportello (local system)',
      siteId: desk.site.id,
    });
    expect(await expectOk(desk.call('whoAmI', {}))).toMatchObject({
      user: { login: 'system.hq01' },
    });
    expect(
      await desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'system.hq01',
        password: '',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    await expectOk(desk.call('configureSignIn', { idleTimeoutMinutes: 30 }));
    const row = desk.db.$client
      .prepare("SELECT user_id FROM audit_log WHERE action = 'configureSignIn'")
      .get() as { user_id: string };
    expect(row.user_id).toBe(desk.defaultActor.userId);
  });
});
