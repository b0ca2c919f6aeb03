import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { roles, type Role } from '../../core/contract/roles';
import { openDesk } from '../../core/runtime/desk';
import { windowSessionCalls } from '../../electron/main/ipc';
import { buildScene, sampleInputs, type Scene } from '../support/contract-samples';
import { intakeInput, tempDir } from '../support/desk';
import {
  addOnePersonPerRole,
  roleLogin,
  rolePassword,
  totalChanges,
} from '../support/role-sessions';
import { refusalMatrix } from '../core/runtime/role-matrix';

vi.mock('electron', () => import('./fake-electron'));

let scene: Scene;
let deskDir: string;
let calls: ReturnType<typeof windowSessionCalls>;
/** One window (webContents id) per role, each signed in as the person holding only that role. */
const windowOf = new Map<Role, number>(roles.map((role, i) => [role, 100 + i]));

beforeAll(async () => {
  deskDir = tempDir('sportello-ipc-');
  scene = await buildScene({}, openDesk({ dataDir: deskDir }));
  await addOnePersonPerRole(scene);
  calls = windowSessionCalls(scene.desk);
  for (const role of roles) {
    const signedIn = await calls.call(windowOf.get(role)!, 'signIn', {
      with: 'password',
      login: roleLogin(role),
      password: rolePassword,
    });
    expect(signedIn.ok, role).toBe(true);
  }
});

afterAll(() => {
  scene.desk.close();
  fs.rmSync(deskDir, { recursive: true, force: true });
});

describe('IPC: the main process keeps each window’s session', () => {
  it('the sign-in reply reaches the window without its token, and the window acts as that person', async () => {
    const reply = await calls.call(7, 'signIn', { with: 'pin', userId: scene.userId, pin: '1234' });
    expect(reply).toMatchObject({ ok: true, value: { user: { id: scene.userId } } });
    expect(reply.ok && 'token' in (reply.value as object)).toBe(false);
    expect(await calls.call(7, 'whoAmI', {})).toMatchObject({
      ok: true,
      value: { user: { login: 'luca' } },
    });
    // Another window has no session of its own.
    expect(await calls.call(8, 'whoAmI', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('signing out, or closing the window, ends the session: the next call is unauthenticated', async () => {
    await calls.call(9, 'signIn', { with: 'pin', userId: scene.userId, pin: '1234' });
    expect(await calls.call(9, 'signOut', {})).toEqual({ ok: true, value: { signedOut: true } });
    const before = totalChanges(scene);
    expect(await calls.call(9, 'createIntake', intakeInput())).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(totalChanges(scene)).toBe(before);
    await calls.call(10, 'signIn', { with: 'pin', userId: scene.userId, pin: '1234' });
    calls.forget(10);
    expect(await calls.call(10, 'listOrders', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('a failed sign-in leaves the window signed out', async () => {
    const wrong = await calls.call(11, 'signIn', {
      with: 'pin',
      userId: scene.userId,
      pin: '0000',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect((await calls.call(11, 'whoAmI', {})).ok).toBe(false);
  });

  it.each(refusalMatrix())(
    '$role is refused $method over IPC, and nothing is written',
    async ({ method, role }) => {
      const before = totalChanges(scene);
      const reply = await calls.call(windowOf.get(role)!, method, sampleInputs[method](scene));
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', params: { method } } });
      expect(totalChanges(scene)).toBe(before);
    },
  );
});
