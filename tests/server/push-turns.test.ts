import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mutationSchemaVersion } from '../../core/contract/replication';
import { pushOutbox } from '../../core/sync/push-outbox';
import { authenticateDesk } from '../../server/auth';
import { ServerMetrics } from '../../server/metrics';
import { processPush } from '../../server/push';
import { PushTurns } from '../../server/push-turns';
import { expectOk, intakeInput } from '../support/desk';
import { authorizationOf, enrolledDesk, outboxMutations, serverCounts } from '../support/sync-desk';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

describe('turns of one desk’s pushes at an instance', () => {
  it('runs them one at a time, the lowest seq first, whatever order they came in', async () => {
    const turns = new PushTurns();
    const ran: string[] = [];
    const push = async (desk: string, seq: number) => {
      const leave = await turns.take(desk, seq);
      ran.push(`${desk}:${seq}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      leave();
      leave(); // a second end changes nothing
    };
    await Promise.all([
      push('a', 1),
      push('a', 21),
      push('b', 7),
      push('a', 11),
      push('a', 31),
      push('b', 1),
    ]);
    // Desk a's first push started at once; the others waited and went in seq order. Desk b's
    // pushes did not wait for desk a's.
    expect(ran.filter((r) => r.startsWith('a'))).toEqual(['a:1', 'a:11', 'a:21', 'a:31']);
    expect(ran.filter((r) => r.startsWith('b'))).toEqual(['b:7', 'b:1']);
    expect(ran.indexOf('b:7')).toBeLessThan(ran.indexOf('a:11'));
    expect(turns.desks).toBe(0);
  });
});

describe.each(backends)('a desk’s next push arriving while its last is applied (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  /** 300 intakes, sent as one push of 280 (two transactions on the server) and one of 20. */
  async function twoPushes() {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI41');
    for (let i = 0; i < 300; i++)
      await expectOk(desk.call('createIntake', intakeInput({ complaint: `Guasto ${i}` })));
    const mutations = outboxMutations(desk);
    const principal = (await authenticateDesk(server.db, authorizationOf(desk)))!;
    const send = (batch: typeof mutations, turns?: PushTurns) =>
      processPush(server.db, principal, batch, Date.now, new ServerMetrics(), {
        currentSchemaVersion: mutationSchemaVersion,
        ...(turns ? { turns } : {}),
      });
    return { desk, first: mutations.slice(0, 280), second: mutations.slice(280), send };
  }

  it('waits its turn and is applied after it, instead of being refused as a gap', async () => {
    const { first, second, send } = await twoPushes();
    const turns = new PushTurns();
    const [a, b] = await Promise.all([send(first, turns), send(second, turns)]);
    expect(a.stopped).toBeUndefined();
    expect(b.stopped).toBeUndefined();
    expect(b.outcomes.map((o) => o.status)).toEqual(second.map(() => 'accepted'));
    expect(b.lastSeq).toBe(second.at(-1)!.seq);
    expect((await serverCounts(server)).repair_orders).toBe(300);
  });

  it('without turns, the second push takes the desk between the first one’s transactions and is refused whole', async () => {
    const { first, second, send } = await twoPushes();
    const before = await serverCounts(server);
    const [a, b] = await Promise.all([send(first), send(second)]);
    expect(a.stopped).toBeUndefined();
    expect(b).toMatchObject({
      outcomes: [],
      stopped: { reason: 'gap', seq: second[0]!.seq },
    });
    // Nothing of it was applied: the desk sends it again.
    expect(before.repair_orders).toBeUndefined();
    expect((await serverCounts(server)).repair_orders).toBe(280);
  });

  it('a desk pushing over HTTP with two pushes in flight sends everything once', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI42');
    for (let i = 0; i < 120; i++)
      await expectOk(desk.call('createIntake', intakeInput({ complaint: `Guasto ${i}` })));
    const report = await pushOutbox(desk.db, desk.transport, Date.now, {
      batchSize: 7,
      window: 2,
    });
    expect(report).toMatchObject({ sent: 120, accepted: 120, rejected: 0 });
    expect(report.stopped).toBeUndefined();
    expect((await serverCounts(server)).repair_orders).toBe(120);
  });
});
