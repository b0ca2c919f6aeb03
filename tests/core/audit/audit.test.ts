import { describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../core/contract';
import type { Desk } from '../../../core/runtime/desk';
import { expectOk, intakeInput, testDesk } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';

type MutationName = {
  [M in MethodName]: (typeof contract)[M]['kind'] extends 'mutation' ? M : never;
}[MethodName];

interface Scene {
  desk: Desk;
  token: string;
  orderId: string;
  customerId: string;
  userId: string;
}

/**
 * A valid call of every mutation in the contract. Typed by the contract, so a new mutation
 * does not compile until it has a line here and is shown to write its audit row.
 */
const sampleCalls: { [M in MutationName]: (s: Scene) => unknown } = {
  createIntake: () => intakeInput(),
  setUpHeadOffice: () => headOffice,
  signIn: () => ({ with: 'password', login: 'marta', password: headOffice.admin.password }),
  signOut: () => ({}),
  createUser: () => ({ name: 'Nina', login: 'nina', password: 'a long password', roles: ['accountant'] }),
  updateUser: (s) => ({ id: s.userId, name: 'Luca V.' }),
  deactivateUser: (s) => ({ id: s.userId }),
  configureSignIn: () => ({ idleTimeoutMinutes: 10 }),
  changeOwnPassword: () => ({ current: headOffice.admin.password, next: 'something else entirely' }),
  eraseCustomer: (s) => ({ customerId: s.customerId, confirmName: 'Giulia Bianchi' }),
};

async function scene(fresh: boolean): Promise<Scene> {
  const desk = testDesk();
  if (fresh) return { desk, token: '', orderId: '', customerId: '', userId: '' };
  const admin = await setUpHeadOffice(desk);
  const order = (await expectOk(desk.callWithSession(admin.token, 'createIntake', intakeInput()))) as {
    id: string;
    customerId: string;
  };
  const user = (await expectOk(
    desk.callWithSession(admin.token, 'createUser', {
      name: 'Luca',
      login: 'luca',
      password: 'a long password',
      roles: ['receptionist'],
    }),
  )) as { id: string };
  return { desk, token: admin.token, orderId: order.id, customerId: order.customerId, userId: user.id };
}

function auditRows(desk: Desk, action: string): { user_id: string; site_id: string; created_at: number }[] {
  return desk.db.$client.prepare('SELECT * FROM audit_log WHERE action = ?').all(action) as never;
}

describe('the audit trail', () => {
  const mutations = (Object.keys(contract) as MethodName[]).filter((m) => contract[m].kind === 'mutation');

  it.each(mutations)('%s leaves an audit row naming who, where and when', async (method) => {
    const s = await scene(method === 'setUpHeadOffice');
    const input = sampleCalls[method as MutationName](s);
    const result = await s.desk.callWithSession(s.token || undefined, method, input);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    const rows = auditRows(s.desk, method);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.user_id).not.toBe('anonymous');
      expect(row.site_id).toBe(s.desk.site.id);
      expect(row.created_at).toBeGreaterThan(0);
    }
  });

  it('records the values before and after a change, and queues the row for the head office', async () => {
    const s = await scene(false);
    await expectOk(s.desk.callWithSession(s.token, 'updateUser', { id: s.userId, roles: ['receptionist', 'technician'] }));
    const page = (await expectOk(
      s.desk.callWithSession(s.token, 'listAudit', { entity: 'user', entityId: s.userId, action: 'updateUser' }),
    )) as { items: { before: { roles: string[] }; after: { roles: string[] }; userName: string }[] };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      userName: 'Marta Rossi',
      before: { roles: ['receptionist'] },
      after: { roles: ['receptionist', 'technician'] },
    });
    const queued = s.desk.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE name = 'audit.append'").get() as {
      n: number;
    };
    expect(queued.n).toBeGreaterThan(0);
  });

  it('cannot be edited or deleted, even with SQL', async () => {
    const s = await scene(false);
    const sqlite = s.desk.db.$client;
    expect(() => sqlite.prepare("UPDATE audit_log SET user_id = 'someone else'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('a manager filters by date and exports a CSV that opens in a spreadsheet', async () => {
    const s = await scene(false);
    const today = new Date().toISOString().slice(0, 10);
    const page = (await expectOk(s.desk.callWithSession(s.token, 'listAudit', { from: today, to: today }))) as {
      total: number;
    };
    expect(page.total).toBeGreaterThan(2);
    const none = (await expectOk(s.desk.callWithSession(s.token, 'listAudit', { to: '2020-01-01' }))) as {
      total: number;
    };
    expect(none.total).toBe(0);
    const file = (await expectOk(s.desk.callWithSession(s.token, 'exportAudit', { action: 'createUser' }))) as {
      fileName: string;
      csv: string;
      rows: number;
    };
    expect(file.fileName).toMatch(/^audit-HQ01-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('\uFEFFat;user_id;user_name;site_id;action;entity;entity_id;before;after');
    expect(lines).toHaveLength(1 + file.rows);
    expect(lines[1]).toContain('"createUser"');
  });
});
