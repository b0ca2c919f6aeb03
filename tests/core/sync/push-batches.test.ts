import { asc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { PushMutation, PushResponse } from '../../../core/contract/replication';
import { outbox } from '../../../core/db/schema';
import { pushOutbox } from '../../../core/sync/push-outbox';
import type { SyncTransport } from '../../../core/sync/transport';
import { expectOk, intakeInput, testDesk } from '../../support/desk';

/** A server that accepts everything and remembers each push. */
function acceptingServer() {
  const pushes: PushMutation[][] = [];
  const transport = {
    async push(mutations: PushMutation[]): Promise<PushResponse> {
      pushes.push(mutations);
      return {
        outcomes: mutations.map((m) => ({
          seq: m.seq,
          mutationId: m.mutationId,
          status: 'accepted' as const,
        })),
        lastSeq: mutations.at(-1)!.seq,
        serverTime: Date.now(),
      };
    },
  } as unknown as SyncTransport;
  return { pushes, transport };
}

describe('pushing the outbox in batches', () => {
  it('a run of large changes goes in several pushes under the byte budget, in order, each once', async () => {
    const desk = testDesk();
    for (let i = 0; i < 5; i++)
      await expectOk(
        // Cyrillic: two bytes a character, the budget counts bytes.
        desk.call('createIntake', intakeInput({ complaint: `${i} `.padEnd(3000, 'ж') })),
      );
    const queued = desk.db
      .select({
        seq: outbox.seq,
        bytes: sql<number>`length(CAST(${outbox.args} AS BLOB)) + coalesce(length(CAST(${outbox.audit} AS BLOB)), 0)`,
      })
      .from(outbox)
      .orderBy(asc(outbox.seq))
      .all();
    const largest = Math.max(...queued.map((q) => q.bytes));
    // The complaint twice (in the change and in its audit row), two bytes a character.
    expect(largest).toBeGreaterThan(12_000);
    const budget = 2 * largest + 10; // two fit in a push, three do not
    const { pushes, transport } = acceptingServer();

    const report = await pushOutbox(desk.db, transport, Date.now, { batchBytes: budget });

    expect(pushes.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pushes.flat().map((m) => m.seq)).toEqual(queued.map((q) => q.seq));
    const size = (m: PushMutation) =>
      Buffer.byteLength(JSON.stringify(m.args)) +
      (m.audit ? Buffer.byteLength(JSON.stringify(m.audit)) : 0);
    for (const push of pushes)
      expect(push.reduce((n, m) => n + size(m), 0)).toBeLessThanOrEqual(budget);
    expect(report).toMatchObject({ sent: 5, accepted: 5, rejected: 0 });
    expect(desk.db.select().from(outbox).all()).toEqual([]);
  });

  it('a change bigger than the budget still goes, alone', async () => {
    const desk = testDesk();
    await expectOk(desk.call('createIntake', intakeInput()));
    await expectOk(desk.call('createIntake', intakeInput()));
    const { pushes, transport } = acceptingServer();
    const report = await pushOutbox(desk.db, transport, Date.now, { batchBytes: 100 });
    expect(pushes.map((p) => p.length)).toEqual([1, 1]);
    expect(report).toMatchObject({ sent: 2, accepted: 2 });
  });
});
