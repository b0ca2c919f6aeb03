import type { SyncStatus } from '../../../core/contract/sync';
import { count } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import { repairOrders } from '../../../core/db/schema';
import { sseSubscription, startSyncLoop, type SyncLoop } from '../../../core/sync/loop';
import { expectOk, intakeInput } from '../../support/desk';
import { authorizationOf, enrolledDesk, type SyncedDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

function loopFor(desk: SyncedDesk, url: string): SyncLoop {
  return startSyncLoop(desk, desk.transport, {
    subscribe: sseSubscription(url, authorizationOf(desk)),
    outboxPollMs: 100,
    maxBackoffMs: 500,
    idleMs: 20_000,
  });
}

describe('the background sync loop', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  const loops: SyncLoop[] = [];
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop()));
    await server?.close();
  });

  it('an intake taken while the head office is down reaches it within 2 s of the server coming back', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    loops.push(loopFor(desk, server.url), loopFor(headOffice, server.url));

    await server.stop();
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    await new Promise((r) => setTimeout(r, 1000));
    const offline = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    // One intake is one change waiting: its audit entry is not counted.
    expect(offline).toMatchObject({ online: false, waiting: 1, lastError: 'offline' });

    await server.restart();
    const tookMs = await waitFor(
      () => headOffice.db.select({ n: count() }).from(repairOrders).get()!.n === 1,
      2000,
    );
    expect(tookMs).toBeLessThan(2000);
    expect(headOffice.db.select().from(repairOrders).get()!.number).toBe(order.number);
    const { readSyncStatus } = await import('../../../core/sync/status');
    await waitFor(() => readSyncStatus(desk.db).lastSuccessAt !== null, 2000);
    const online = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(online).toMatchObject({ online: true, waiting: 0, lastError: null });
    expect(online.lastSuccessAt).toBeGreaterThan(0);
  });

  it('a desk says it is offline within 2 s of the head office going away, with nothing to send', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI03');
    loops.push(loopFor(desk, server.url));
    const { readSyncStatus } = await import('../../../core/sync/status');
    await waitFor(() => readSyncStatus(desk.db).lastSuccessAt !== null, 2000);
    // The first rounds are over; the next idle round is 20 s away.
    await new Promise((r) => setTimeout(r, 500));
    expect(readSyncStatus(desk.db)).toMatchObject({ online: true, lastError: null });

    await server.stop();
    const tookMs = await waitFor(() => !readSyncStatus(desk.db).online, 2000);
    expect(tookMs).toBeLessThan(2000);
    expect(readSyncStatus(desk.db)).toMatchObject({ online: false, lastError: 'offline' });

    // While it stays away, the rounds keep their backoff (at most one every 500 ms here), not one
    // for each failed reconnection of the stream (every 100–300 ms).
    const before = readSyncStatus(desk.db).lastAttemptAt ?? 0;
    let attempts = 0;
    let last = before;
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      const at = readSyncStatus(desk.db).lastAttemptAt ?? 0;
      if (at !== last) {
        attempts++;
        last = at;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(attempts).toBeLessThanOrEqual(5);
  });

  it('a local write wakes the loop at once', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI02');
    loops.push(loopFor(desk, server.url));
    await new Promise((r) => setTimeout(r, 300));
    await expectOk(desk.call('createIntake', intakeInput()));
    const tookMs = await waitFor(
      () =>
        desk.db.$client.prepare('SELECT count(*) AS n FROM outbox').get() !== undefined &&
        (desk.db.$client.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n ===
          0,
      2000,
    );
    expect(tookMs).toBeLessThan(2000);
  });

  it('the event stream asks a proxy in front not to hold its events back', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI03');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/sync/events`, {
      headers: { authorization: authorizationOf(desk), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    // nginx, the proxy the operators' guide names, honours this; without it a wake-up waits.
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    controller.abort();
  });
});
