import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, intakeInput } from '../support/desk';
import {
  authorizationOf,
  enrolledDesk,
  outboxMutations,
  rawPush,
  serverCounts,
  type SyncedDesk,
} from '../support/sync-desk';
import { startTestServer, type TestServer } from '../support/sync-server';

/** Replaces the value at a random path of a JSON object with an arbitrary value. */
function corrupt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (!keys.length) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
  copy[key] = corrupt((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

describe('the push endpoint under fuzzed input', () => {
  let server: TestServer;
  let desk: SyncedDesk;
  let auth: string;
  let samples: Record<string, unknown>[] = [];
  let userId = '';
  beforeAll(async () => {
    server = await startTestServer('pglite', { bodyLimit: 256 * 1024 });
    desk = await enrolledDesk(server, 'FZ01');
    auth = authorizationOf(desk);
    // The desk's own intakes, never pushed by the desk itself: a harmless corruption is accepted
    // once, later copies collide with it and are refused.
    for (let i = 0; i < 3; i++) await expectOk(desk.call('createIntake', intakeInput()));
    samples = outboxMutations(desk).map((m) => m.args);
    userId = desk.defaultActor.userId;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('arbitrary bodies get a 4xx with a reason and change nothing', async () => {
    const before = await serverCounts(server);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ mutations: v })),
        ),
        async (body) => {
          const response = await rawPush(server.url, auth, body);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.body).toMatchObject({ error: { code: expect.any(String) } });
        },
      ),
      { numRuns: 60 },
    );
    expect(await serverCounts(server)).toEqual(before);
  });

  it('a corrupted intake is either a valid one or refused with a reason, never a server error', async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.jsonValue(),
        fc.uuid({ version: 7 }),
        async (args, path, replacement, mutationId) => {
          const before = await serverCounts(server);
          seq++;
          const response = await rawPush(server.url, auth, {
            mutations: [
              {
                seq,
                mutationId,
                name: 'order.intake',
                args: corrupt(args, path, replacement),
                schemaVersion: 1,
                clientAt: Date.now(),
                userId,
              },
            ],
          });
          if (response.status !== 200) {
            seq--;
            expect(response.status).toBe(400);
            return;
          }
          const outcome = (response.body.outcomes as { status: string; code?: string }[])[0]!;
          if (outcome.status === 'accepted') return;
          expect(outcome.code).toEqual(expect.any(String));
          const after = await serverCounts(server);
          expect({ ...after, applied: 0 }).toEqual({ ...before, applied: 0 });
        },
      ),
      { numRuns: 60 },
    );
  });
});
