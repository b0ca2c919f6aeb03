import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/contract/sync';
import { users } from '../../core/db/schema';
import type { Desk } from '../../core/runtime/desk';
import { readHealth } from '../../core/sync/sync-state';
import { syncOnce } from '../../core/sync/sync-once';
import type { SyncTransport } from '../../core/sync/transport';
import { testDesk } from '../support/desk';
import { enrolledDesk } from '../support/sync-desk';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

async function call(desk: Desk, method: string, input: unknown) {
  const result = await desk.call(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as { id: string };
}

const luca = {
  name: 'Luca',
  login: 'luca',
  password: 'a long password',
  roles: ['receptionist'],
};

describe.each(backends)('the same login made at two desks offline (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('the second is refused, and its desk still receives everything, the first person included', async () => {
    server = await startTestServer(backend);
    const first = await enrolledDesk(server, 'MI01');
    const second = await enrolledDesk(server, 'MI02');
    await first.sync();
    await second.sync();
    const accepted = await call(first, 'createUser', luca);
    const refused = await call(second, 'createUser', { ...luca, name: 'Luca Neri' });
    expect(await first.sync()).toMatchObject({ ok: true, push: { accepted: 1 } });

    // Before: the pulled person's login collided with the desk's own, the page failed, and the
    // desk stopped receiving anything, reported as "offline".
    const round = await second.sync();
    expect(round).toMatchObject({ ok: true, push: { rejected: 1 } });
    const held = second.db.select({ id: users.id, login: users.login }).from(users).all();
    expect(held).toEqual(
      expect.arrayContaining([
        { id: accepted.id, login: 'luca' },
        { id: refused.id, login: `luca-${refused.id.slice(-6)}` },
      ]),
    );
    const status = (await second.call('getSyncStatus', {})) as { ok: true; value: SyncStatus };
    expect(status.value.rejected).toEqual([
      expect.objectContaining({
        name: 'user.create',
        code: 'conflict',
        params: expect.objectContaining({ field: 'login' }),
        // Named as the person was made (the login tried), not as the row was renamed since.
        subject: { kind: 'person', label: 'Luca Neri (luca)' },
        orderNumber: null,
      }),
    ]);
    // Later changes keep arriving.
    await call(first, 'createIntake', {
      customer: { mode: 'new', name: 'Giulia Bianchi', phone: '+39 347 555 0199' },
      device: { mode: 'new', category: 'phone', brand: 'Apple', model: 'iPhone 14' },
      complaint: 'Non si accende',
    });
    await call(first, 'updateUser', { id: accepted.id, name: 'Luca Bianchi' });
    await first.sync();
    expect(await second.sync()).toMatchObject({ ok: true });
    expect(second.db.select().from(users).where(eq(users.id, accepted.id)).get()).toMatchObject({
      name: 'Luca Bianchi',
      login: 'luca',
    });
  });
});

describe('a page the desk cannot store', () => {
  it('is "pull_apply_failed", online, with the database’s reason: not "offline"', async () => {
    const desk = testDesk();
    const transport = {
      push: async () => ({ outcomes: [], lastSeq: 0 }),
      // An order row without its required columns: SQLite's NOT NULL refuses it.
      pull: async () => ({
        changes: [
          { tbl: 'repair_orders', id: crypto.randomUUID(), op: 'upsert', data: { id: 'x' } },
        ],
        end: { cursor: '1', hasMore: false, remaining: 0 },
      }),
    } as unknown as SyncTransport;
    const round = await syncOnce(desk, transport);
    expect(round).toMatchObject({ ok: false, error: 'pull_apply_failed' });
    expect(round.detail).toMatch(/NOT NULL/);
    expect(readHealth(desk.db)).toMatchObject({ online: true, lastError: 'pull_apply_failed' });
  });
});
