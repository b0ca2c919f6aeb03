import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  MutationOutcome,
  PushMutation,
  PushResponse,
} from '../../../core/contract/replication';
import { asc } from 'drizzle-orm';
import { outbox, syncRejections } from '../../../core/db/schema';
import { pushOutbox, type PushReport } from '../../../core/sync/push-outbox';
import type { SyncTransport } from '../../../core/sync/transport';
import { expectOk, intakeInput, testDesk } from '../../support/desk';

/**
 * The server's rules as the desk meets them (server/push.ts): a seq already handled gets its
 * stored answer again, the next seq is applied, anything after a gap is refused with nothing
 * applied. `refused` seqs are answered "rejected", the rest "accepted".
 */
class ModelServer {
  lastSeq = 0;
  readonly applied: number[] = [];
  private readonly answers = new Map<number, MutationOutcome>();

  constructor(private readonly refused: Set<number>) {}

  handle(mutations: PushMutation[]): PushResponse {
    const outcomes: MutationOutcome[] = [];
    for (const m of mutations) {
      if (m.seq <= this.lastSeq) {
        outcomes.push({ ...this.answers.get(m.seq)!, replayed: true });
        continue;
      }
      if (m.seq !== this.lastSeq + 1)
        return {
          outcomes,
          lastSeq: this.lastSeq,
          stopped: { reason: 'gap', expectedSeq: this.lastSeq + 1, seq: m.seq },
          serverTime: 0,
        };
      this.lastSeq = m.seq;
      this.applied.push(m.seq);
      const answer: MutationOutcome = this.refused.has(m.seq)
        ? { seq: m.seq, mutationId: m.mutationId, status: 'rejected', code: 'validation' }
        : { seq: m.seq, mutationId: m.mutationId, status: 'accepted' };
      this.answers.set(m.seq, answer);
      outcomes.push(answer);
    }
    return { outcomes, lastSeq: this.lastSeq, serverTime: 0 };
  }
}

class Lost extends Error {}

/**
 * A network in which every push is handled when fast-check's scheduler says (so a push sent
 * second may be handled first), and may be lost before the server sees it or after it answered.
 */
function link(
  server: ModelServer,
  s: fc.Scheduler,
  faults: { dropRequest: boolean[]; dropAnswer: boolean[] },
): SyncTransport & { pushes: number; mostInFlight: number } {
  let inFlight = 0;
  const transport = {
    pushes: 0,
    mostInFlight: 0,
    async push(mutations: PushMutation[]) {
      const n = transport.pushes++;
      inFlight++;
      transport.mostInFlight = Math.max(transport.mostInFlight, inFlight);
      try {
        await s.schedule(Promise.resolve(), `push ${mutations[0]!.seq}..${mutations.at(-1)!.seq}`);
        if (faults.dropRequest[n % faults.dropRequest.length]) throw new Lost();
        const answer = server.handle(structuredClone(mutations));
        if (faults.dropAnswer[n % faults.dropAnswer.length]) throw new Lost();
        return answer;
      } finally {
        inFlight--;
      }
    },
    async pull() {
      throw new Error('not used');
    },
  };
  return transport;
}

describe('pushing with several pushes in flight', () => {
  it('whatever order pushes reach the server in, and whichever are lost, each change is applied once, in order, and settled', async () => {
    // One desk's queue, reused: each run starts from a copy of it.
    const template = testDesk();
    for (let i = 0; i < 9; i++)
      await expectOk(template.call('createIntake', intakeInput({ complaint: `Guasto ${i}` })));
    const queue = template.db.select().from(outbox).all();
    const seqs = queue.map((e) => e.seq);

    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.subarray(seqs, { maxLength: 2 }),
        async (s, batchSize, window, dropRequest, dropAnswer, refusedSeqs) => {
          const desk = testDesk();
          desk.db.delete(outbox).run();
          desk.db.insert(outbox).values(queue).run();
          const server = new ModelServer(new Set(refusedSeqs));
          // Lost pushes only in the first rounds; then the network heals, as it does.
          const faulty = link(server, s, { dropRequest, dropAnswer });
          const healed = link(server, s, { dropRequest: [false], dropAnswer: [false] });
          for (let round = 0; round < 6; round++) {
            const pushing = pushOutbox(desk.db, faulty, () => 0, { batchSize, window });
            // The scheduler runs the pushes in whatever order it picks.
            await s.waitFor(pushing).catch((error: unknown) => {
              if (!(error instanceof Lost)) throw error;
            });
            await s.waitAll();
          }
          // Once the network is sound, one round sends everything left, in whatever order the
          // pushes arrive: an overtaken push is sent again, not reported as a gap.
          const healedRound: PushReport = await s.waitFor(
            pushOutbox(desk.db, healed, () => 0, { batchSize, window }),
          );
          await s.waitAll();
          expect(healedRound.stopped).toBeUndefined();
          expect(healed.mostInFlight).toBeLessThanOrEqual(window);
          // Each change applied once, in the order queued; none left; refusals kept with reasons.
          expect(server.applied).toEqual(seqs);
          expect(desk.db.select().from(outbox).all()).toEqual([]);
          const kept = desk.db
            .select({ seq: syncRejections.seq })
            .from(syncRejections)
            .orderBy(asc(syncRejections.seq))
            .all();
          expect(kept.map((r) => r.seq)).toEqual([...refusedSeqs].sort((a, b) => a - b));
          // The first round had the whole queue (at least three batches): as many in flight as
          // the window allows, never more.
          expect(faulty.mostInFlight).toBe(window);
        },
      ),
      { numRuns: 60 },
    );
  });
});
