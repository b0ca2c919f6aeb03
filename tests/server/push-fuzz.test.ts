import fc from 'fast-check';
import { corrupt } from '../support/fuzz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationSchemaVersion } from '../../core/contract/replication';
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

describe('the push endpoint under fuzzed input', () => {
  let server: TestServer;
  let desk: SyncedDesk;
  let auth: string;
  let samples: { args: Record<string, unknown>; audit?: Record<string, unknown>[] }[] = [];
  let userId = '';
  beforeAll(async () => {
    server = await startTestServer('pglite', { bodyLimit: 256 * 1024 });
    desk = await enrolledDesk(server, 'FZ01');
    auth = authorizationOf(desk);
    // The desk's own intakes, never pushed by the desk itself: a harmless corruption is accepted
    // once, later copies collide with it and are refused.
    for (let i = 0; i < 3; i++) await expectOk(desk.call('createIntake', intakeInput()));
    samples = outboxMutations(desk).map(({ args, audit }) => ({
      args,
      ...(audit ? { audit } : {}),
    }));
    userId = desk.defaultActor.userId;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  /** Every record the server holds but the audit rows named, as one hash: equal, nothing written. */
  async function recordsDigest(exceptAudit: string[]): Promise<string> {
    const [row] = await server.db.query<{ digest: string }>(
      `SELECT md5(string_agg(tbl || id || data::text || coalesce(sites::text, ''), ','
                  ORDER BY tbl, id)) AS digest
         FROM records WHERE NOT (tbl = 'audit_log' AND id = ANY($1::text[]))`,
      [exceptAudit],
    );
    return row!.digest;
  }

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
        fc.boolean(),
        async ({ args, audit }, path, replacement, mutationId, inAudit) => {
          // The change or the audit rows it carries.
          const sentAudit = audit && inAudit ? corrupt(audit, path, replacement) : audit;
          // Valid audit rows are kept even when their change is refused: nothing else may be.
          const auditIds = (Array.isArray(sentAudit) ? sentAudit : [])
            .map((row) => (row as { id?: unknown } | null)?.id)
            .filter((id): id is string => typeof id === 'string');
          const digest = await recordsDigest(auditIds);
          const [{ seq: lastChange }] = (await server.db.query<{ seq: string }>(
            'SELECT coalesce(max(seq), 0)::text AS seq FROM change_log',
          )) as [{ seq: string }];
          seq++;
          const response = await rawPush(server.url, auth, {
            mutations: [
              {
                seq,
                mutationId,
                name: 'order.intake',
                args: inAudit ? args : corrupt(args, path, replacement),
                ...(sentAudit !== undefined ? { audit: sentAudit } : {}),
                schemaVersion: mutationSchemaVersion,
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
          expect(await recordsDigest(auditIds)).toBe(digest);
          // Logged besides: those audit rows, and records the change read, sent back as they are
          // to the desk's site (server/slice-tx.ts `resendRefused`).
          const unexpected = await server.db.query<{ tbl: string; id: string }>(
            `SELECT c.tbl, c.id FROM change_log c
              WHERE c.seq > $1
                AND NOT (c.tbl = 'audit_log' AND c.id = ANY($3::text[]))
                AND (c.op <> 'upsert' OR c.sites <> ARRAY[$2::text]
                  OR NOT EXISTS (SELECT 1 FROM records r WHERE r.tbl = c.tbl AND r.id = c.id))`,
            [lastChange, desk.site.id, auditIds],
          );
          expect(unexpected).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
