import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../../core/contract/roles';
import { openDesk } from '../../../core/runtime/desk';
import { sessionHeader, startWebHost, tokenHeader, type WebHost } from '../../../core/web/host';
import { buildScene, sampleInputs, type Scene } from '../../support/contract-samples';
import { intakeInput, tempDir } from '../../support/desk';
import { headOffice } from '../../support/people';
import {
  addOnePersonPerRole,
  roleLogin,
  rolePassword,
  totalChanges,
} from '../../support/role-sessions';
import { refusalMatrix } from '../runtime/role-matrix';

const hostToken = 'sessions-host-token-0123';
let scene: Scene;
let host: WebHost;
let staticDir: string;
let deskDir: string;
const sessionOf = new Map<Role, string>();

type Reply = { ok: boolean; value?: unknown; error?: { code: string; params?: unknown } };

async function post(method: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${host.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [tokenHeader]: hostToken, ...headers },
    body: JSON.stringify(input),
  });
  return { status: response.status, reply: (await response.json()) as Reply };
}

const as = (session: string) => ({ [sessionHeader]: session });

beforeAll(async () => {
  // Opened here, not by testDesk (which closes after each test): one desk for the whole file.
  deskDir = tempDir('sportello-web-desk-');
  scene = await buildScene({}, openDesk({ dataDir: deskDir }));
  await addOnePersonPerRole(scene);
  staticDir = tempDir('sportello-web-sessions-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sportello</title>');
  host = await startWebHost({ desk: scene.desk, staticDir, token: hostToken });
  for (const role of roles) {
    const { reply } = await post('signIn', {
      with: 'password',
      login: roleLogin(role),
      password: rolePassword,
    });
    expect(reply.ok, role).toBe(true);
    sessionOf.set(role, (reply.value as { token: string }).token);
  }
});

afterAll(async () => {
  await host.close();
  scene.desk.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
  fs.rmSync(deskDir, { recursive: true, force: true });
});

describe('browser mode acts as the signed-in person', () => {
  it('each person signed in over HTTP is who the desk says they are', async () => {
    for (const role of roles) {
      const { reply } = await post('whoAmI', {}, as(sessionOf.get(role)!));
      expect(reply).toMatchObject({ ok: true, value: { user: { roles: [role] } } });
    }
  });

  it.each(refusalMatrix())(
    '$role is refused $method over HTTP, and nothing is written',
    async ({ method, role }) => {
      const before = totalChanges(scene);
      const { status, reply } = await post(
        method,
        sampleInputs[method](scene),
        as(sessionOf.get(role)!),
      );
      expect(status).toBe(200);
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', params: { method } } });
      expect(totalChanges(scene)).toBe(before);
    },
  );

  it('without a session, or with one that is over, a call is unauthenticated and writes nothing', async () => {
    const made = await post('signIn', { with: 'pin', userId: scene.userId, pin: '1234' });
    const token = (made.reply.value as { token: string }).token;
    expect((await post('signOut', {}, as(token))).reply).toEqual({
      ok: true,
      value: { signedOut: true },
    });
    const before = totalChanges(scene);
    const missing = await post('createIntake', intakeInput());
    expect(missing.reply).toEqual({
      ok: false,
      error: { code: 'unauthenticated', params: { method: 'createIntake' } },
    });
    const ended = await post('createIntake', intakeInput(), as(token));
    expect(ended.reply.error?.code).toBe('unauthenticated');
    const invented = await post('listOrders', {}, as('not-a-session'));
    expect(invented.reply.error?.code).toBe('unauthenticated');
    expect(totalChanges(scene)).toBe(before);
  });

  it('the public methods answer without a session, and setup stays closed', async () => {
    const state = await post('getFirstRunState', {});
    expect(state.reply).toMatchObject({ ok: true, value: { setUp: true } });
    const again = await post('setUpHeadOffice', headOffice);
    expect(again.reply.error?.code).toBe('already_set_up');
  });

  it('a session is useless without the host token, and from a foreign page', async () => {
    const session = sessionOf.get('admin')!;
    const noHostToken = await fetch(`${host.origin}/api/listOrders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [sessionHeader]: session },
      body: '{}',
    });
    expect(noHostToken.status).toBe(401);
    const wrongHostToken = await post('listOrders', {}, { ...as(session), [tokenHeader]: 'nope' });
    expect(wrongHostToken.status).toBe(401);
    const foreign = await post('listOrders', {}, { ...as(session), origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.reply).toEqual({ ok: false, error: { code: 'forbidden' } });
  });
});
