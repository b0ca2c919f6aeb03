import { describe, expect, it } from 'vitest';
import { expectOk, testDesk } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';

const pinSignIn = (userId: string, pin: string) => ({ with: 'pin', userId, pin });

describe('a person sets their own PIN', () => {
  it('proving the password, signs in with the new PIN, and can remove it again', async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const set = await expectOk(
      desk.callWithSession(admin.token, 'changeOwnPin', {
        current: headOffice.admin.password,
        pin: '8642',
      }),
    );
    expect(set).toEqual({ hasPin: true });
    await expectOk(desk.callWithSession(undefined, 'signIn', pinSignIn(admin.user.id, '8642')));
    const old = await desk.callWithSession(
      undefined,
      'signIn',
      pinSignIn(admin.user.id, headOffice.admin.pin),
    );
    expect(old).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });

    await expectOk(
      desk.callWithSession(admin.token, 'changeOwnPin', {
        current: headOffice.admin.password,
        pin: null,
      }),
    );
    const state = (await expectOk(desk.callWithSession(undefined, 'getFirstRunState', {}))) as {
      pinUsers: unknown[];
    };
    expect(state.pinUsers).toEqual([]);
  });

  it('a wrong password changes nothing and counts towards the sign-in lock', async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    const wrong = await desk.callWithSession(admin.token, 'changeOwnPin', {
      current: 'not my password',
      pin: '1111',
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'current', code: 'wrong_password' }] },
    });
    const failed = desk.db.$client
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'signIn.failed'`)
      .get() as { n: number };
    expect(failed.n).toBe(1);
    await expectOk(
      desk.callWithSession(undefined, 'signIn', pinSignIn(admin.user.id, headOffice.admin.pin)),
    );
  });

  it('neither the PIN nor the password reaches the audit trail or the outbox', async () => {
    const desk = testDesk();
    const admin = await setUpHeadOffice(desk);
    await expectOk(
      desk.callWithSession(admin.token, 'changeOwnPin', {
        current: headOffice.admin.password,
        pin: '97531',
      }),
    );
    const written = JSON.stringify([
      desk.db.$client.prepare('SELECT * FROM audit_log').all(),
      desk.db.$client.prepare('SELECT * FROM outbox').all(),
    ]);
    expect(written).toContain('changeOwnPin');
    expect(written).not.toContain('97531');
    expect(written).not.toContain(headOffice.admin.password);
  });
});
