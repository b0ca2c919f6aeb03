import { describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../core/contract';
import type { Desk } from '../../../core/runtime/desk';
import { buildScene, sampleInputs, type Scene } from '../../support/contract-samples';
import { silentLogger } from '../../../core/runtime/context';
import { openDesk } from '../../../core/runtime/desk';
import { enrolDesk } from '../../../core/sync/enrol';
import { newEnrolmentCodeForSite } from '../../../server/sites';
import { expectOk, tempDir, testDesk } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';
import { startTestServer, type TestServer } from '../../support/sync-server';

function auditRows(
  desk: Desk,
  action: string,
): { user_id: string; site_id: string; created_at: number }[] {
  return desk.db.$client.prepare('SELECT * FROM audit_log WHERE action = ?').all(action) as never;
}

const emptyScene = {
  token: '',
  adminId: '',
  orderId: '',
  orderNumber: '',
  customerId: '',
  userId: '',
  workshopId: '',
  diagnosedOrderId: '',
  pendingEstimateId: '',
  readyOrderId: '',
  attachmentId: '',
  partId: '',
  rejectedMutationId: '',
};

/** A desk set up at first run, enrolled as MI01 and reopened, its admin signed in, a new code at hand. */
async function enrolledScene(server: TestServer, code: string): Promise<Scene> {
  const dataDir = tempDir('sportello-reenrol-');
  const first = openDesk({ dataDir, logger: silentLogger });
  await setUpHeadOffice(first);
  await enrolDesk(first, server.url, code);
  first.close();
  const desk = openDesk({ dataDir, logger: silentLogger });
  const { token } = (await expectOk(
    desk.callWithSession(undefined, 'signIn', {
      with: 'password',
      login: headOffice.admin.login,
      password: headOffice.admin.password,
    }),
  )) as { token: string };
  const again = await newEnrolmentCodeForSite(server.db, 'MI01', Date.now());
  return {
    ...emptyScene,
    desk,
    token,
    enrolment: { serverUrl: server.url, code: again!.enrolmentCode },
  };
}

/** A head office set up at first run and never enrolled, its admin signed in, a code at hand. */
async function standAloneScene(enrolment: Scene['enrolment']): Promise<Scene> {
  const desk = testDesk();
  const { token } = await setUpHeadOffice(desk);
  return { ...emptyScene, desk, token, enrolment };
}

describe('the audit trail', () => {
  const mutations = (Object.keys(contract) as MethodName[]).filter(
    (m) => contract[m].kind === 'mutation',
  );

  it.each(mutations)('%s leaves an audit row naming who, where and when', async (method) => {
    const server = ['enrolDesk', 'reenrolDesk', 'joinHeadOffice'].includes(method)
      ? await startTestServer('pglite')
      : undefined;
    const enrolment = server && {
      serverUrl: server.url,
      code: (
        await server.createSite(
          method === 'joinHeadOffice' ? 'HQ' : 'MI01',
          method === 'joinHeadOffice' ? 'head_office' : 'reception',
        )
      ).code,
    };
    const s: Scene =
      method === 'reenrolDesk'
        ? await enrolledScene(server!, enrolment!.code)
        : method === 'joinHeadOffice'
          ? await standAloneScene(enrolment!)
          : method === 'setUpHeadOffice' || enrolment
            ? { ...emptyScene, ...(enrolment ? { enrolment } : {}), desk: testDesk() }
            : await buildScene();
    const input = sampleInputs[method](s);
    const result = await s.desk.callWithSession(s.token || undefined, method, input);
    await server?.close();
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
    const s = await buildScene();
    await expectOk(
      s.desk.callWithSession(s.token, 'updateUser', {
        id: s.userId,
        roles: ['receptionist', 'technician'],
      }),
    );
    const page = (await expectOk(
      s.desk.callWithSession(s.token, 'listAudit', {
        entity: 'user',
        entityId: s.userId,
        action: 'updateUser',
      }),
    )) as {
      items: { before: { roles: string[] }; after: { roles: string[] }; userName: string }[];
    };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      userName: 'Marta Rossi',
      before: { roles: ['receptionist'] },
      after: { roles: ['receptionist', 'technician'] },
    });
    // The row travels to the head office with the change it describes, not as an entry of its own.
    const queued = s.desk.db.$client
      .prepare("SELECT name, audit FROM outbox WHERE name <> 'audit.append' ORDER BY seq DESC")
      .get() as { name: string; audit: string };
    expect(queued.name).toBe('user.update');
    const [sent] = JSON.parse(queued.audit) as Record<string, unknown>[];
    expect(sent).toMatchObject({
      id: (page.items[0] as unknown as { id: string }).id,
      action: 'updateUser',
      after: { roles: ['receptionist', 'technician'] },
    });
    expect(
      s.desk.db.$client
        .prepare("SELECT count(*) AS n FROM outbox WHERE args LIKE '%' || ? || '%'")
        .pluck()
        .get((page.items[0] as unknown as { id: string }).id),
    ).toBe(0);
  });

  it('cannot be edited or deleted, even with SQL', async () => {
    const s = await buildScene();
    const sqlite = s.desk.db.$client;
    expect(() => sqlite.prepare("UPDATE audit_log SET user_id = 'someone else'").run()).toThrow(
      /append-only/,
    );
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('a manager filters by date and exports a CSV that opens in a spreadsheet', async () => {
    const s = await buildScene();
    // The filter's dates are the site's calendar days (Europe/Rome), not UTC's: from 23:00 UTC
    // the site is already on the next day.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    const page = (await expectOk(
      s.desk.callWithSession(s.token, 'listAudit', { from: today, to: today }),
    )) as {
      total: number;
    };
    expect(page.total).toBeGreaterThan(2);
    const none = (await expectOk(
      s.desk.callWithSession(s.token, 'listAudit', { to: '2020-01-01' }),
    )) as {
      total: number;
    };
    expect(none.total).toBe(0);
    const file = (await expectOk(
      s.desk.callWithSession(s.token, 'exportAudit', { action: 'createUser' }),
    )) as {
      fileName: string;
      csv: string;
      rows: number;
    };
    expect(file.fileName).toMatch(/^audit-HQ01-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFat;user_id;user_name;site_id;action;entity;entity_id;before;after',
    );
    expect(lines).toHaveLength(1 + file.rows);
    expect(lines[1]).toContain('"createUser"');
  });
});
