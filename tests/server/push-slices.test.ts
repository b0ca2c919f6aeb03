import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationSchemaVersion, type PushMutation } from '../../core/contract/replication';
import type { Desk } from '../../core/runtime/desk';
import { authenticateDesk, type DeskPrincipal } from '../../server/auth';
import { openPglite, type ServerDb } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { processPush } from '../../server/push';
import { expectOk, intakeInput } from '../support/desk';
import { authorizationOf, enrolledDesk, outboxMutations } from '../support/sync-desk';
import {
  emptyServerDb,
  startTestServer,
  warmUpBackend,
  type TestServer,
} from '../support/sync-server';

// A push slice buffers its writes and flushes them in a few statements (server/slice-tx.ts);
// the careful path runs every mutation behind its own savepoint, as the server always did.
// Whatever a desk sends, both must give the same answers and leave the same rows behind.

const tables = [
  'site_registry',
  'desks',
  'enrolment_codes',
  'records',
  'change_log',
  'series_numbers',
  'applied_mutations',
];

async function dump(db: ServerDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const [row] = await db.query<{ rows: unknown[] | null }>(
      `SELECT json_agg(t) AS rows FROM ${table} t`,
    );
    out[table] = row!.rows ?? [];
  }
  return out;
}

async function load(db: ServerDb, state: Record<string, unknown[]>): Promise<void> {
  await emptyServerDb(db);
  for (const table of tables)
    await db.query(
      `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::text::json)`,
      [JSON.stringify(state[table])],
    );
  await db.query(
    `SELECT setval(pg_get_serial_sequence('change_log', 'seq'), (SELECT max(seq) FROM change_log))`,
  );
}

/** What a push leaves behind, without what legitimately differs (sequence values, xids). */
async function outcomeState(db: ServerDb) {
  return {
    records: await db.query(
      'SELECT tbl, id, data, sites, order_id, updated_at FROM records ORDER BY tbl, id',
    ),
    changes: await db.query('SELECT tbl, id, op, sites FROM change_log ORDER BY seq'),
    series: await db.query('SELECT * FROM series_numbers ORDER BY site_id, series, n'),
    applied: await db.query('SELECT * FROM applied_mutations ORDER BY desk_id, seq'),
    desks: await db.query('SELECT id, last_seq, last_seen_at FROM desks ORDER BY id'),
  };
}

async function call<T>(desk: Desk, method: string, input: unknown): Promise<T> {
  return (await expectOk(desk.call(method, input))) as T;
}

type Corruption =
  | 'number'
  | 'takenNumber'
  | 'mutationId'
  | 'name'
  | 'args'
  | 'customer'
  | 'auditRow'
  | 'auditSite'
  | 'auditId';

/** A desk's batch, bent the ways a buggy or restored desk could send it. */
function corrupt(
  mutations: PushMutation[],
  edits: [number, Corruption, number][],
  takenNumber: string,
): PushMutation[] {
  const bent = structuredClone(mutations);
  const intakes = bent.filter((m) => m.name === 'order.intake');
  // The intakes' own edits first: an intake whose args are then replaced stays replaced.
  const generic = new Set<Corruption>([
    'mutationId',
    'name',
    'args',
    'auditRow',
    'auditSite',
    'auditId',
  ]);
  const ordered = [
    ...edits.filter((e) => !generic.has(e[1])),
    ...edits.filter((e) => generic.has(e[1])),
  ];
  for (const [at, kind, other] of ordered) {
    const target = bent[at % bent.length]!;
    const intake = intakes[at % intakes.length]!;
    const order = intake.args.order as Record<string, unknown>;
    switch (kind) {
      case 'number':
        order.number = (intakes[other % intakes.length]!.args.order as { number: string }).number;
        break;
      case 'takenNumber':
        order.number = takenNumber;
        break;
      case 'mutationId':
        target.mutationId = bent[other % bent.length]!.mutationId;
        break;
      case 'name':
        target.name = 'order.teleport';
        break;
      case 'args':
        target.args = { nothing: true };
        break;
      case 'customer':
        delete intake.args.customer;
        order.customerId = randomUUID();
        break;
      // The audit rows a change carries: malformed, of another site, or under a taken id.
      case 'auditRow':
        target.audit = [{ id: 'not-a-row' }];
        break;
      case 'auditSite':
        if (target.audit) target.audit[0] = { ...target.audit[0], originSiteId: randomUUID() };
        break;
      case 'auditId': {
        const taken = bent[other % bent.length]!.audit?.[0]?.id;
        if (target.audit && taken) target.audit[0] = { ...target.audit[0], id: taken };
        break;
      }
    }
  }
  return bent;
}

describe('a push slice, buffered or one mutation at a time', () => {
  let server: TestServer;
  let fast: ServerDb;
  let careful: ServerDb;
  let base: Record<string, unknown[]>;
  let mutations: PushMutation[];
  let principal: DeskPrincipal;
  let takenNumber: string;

  beforeAll(async () => {
    await warmUpBackend('pglite');
    server = await startTestServer('pglite');
    [fast, careful] = await Promise.all([openPglite(), openPglite()]);
    await Promise.all([migrateServerDb(fast), migrateServerDb(careful)]);
    const { siteId: workshop } = await server.createSite('LAB9', 'workshop_own');
    const desk = await enrolledDesk(server, 'MI31');
    principal = (await authenticateDesk(server.db, authorizationOf(desk)))!;

    // Already on the server: an order whose number a restored desk may send again.
    const first = await call<{ id: string; number: string }>(desk, 'createIntake', intakeInput());
    expect((await desk.sync()).ok).toBe(true);
    takenNumber = first.number;
    base = await dump(server.db);

    // The batch: new and returning customers, history, an edit and a custody move.
    const b = await call<{ id: string; customerId: string }>(desk, 'createIntake', intakeInput());
    const c = await call<{ id: string }>(
      desk,
      'createIntake',
      intakeInput({ complaint: 'Batteria' }),
    );
    await call(
      desk,
      'createIntake',
      intakeInput({ customer: { mode: 'existing', id: b.customerId } }),
    );
    await call(desk, 'recordPrint', {
      orderId: first.id,
      document: 'intake_receipt',
      format: '80mm',
    });
    await call(desk, 'updateCustomer', { id: b.customerId, email: 'giulia@example.it' });
    await call(desk, 'sendToWorkshop', { orderId: c.id, workshopSiteId: workshop });
    await call(desk, 'createIntake', intakeInput({ complaint: 'Non carica' }));
    await call(desk, 'recordPrint', { orderId: b.id, document: 'intake_receipt', format: 'a4' });
    mutations = outboxMutations(desk);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await Promise.all([fast?.close(), careful?.close()]);
  });

  it('gives the same answers and leaves the same rows, whatever the desk sends', async () => {
    // A repeated number is refused after the intake buffered its customer and device: weighted.
    const kinds: Corruption[] = [
      ...['number', 'number', 'number', 'takenNumber'],
      ...['mutationId', 'name', 'args', 'customer'],
      ...['auditRow', 'auditSite', 'auditId'],
    ] as Corruption[];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...kinds), fc.nat()), { maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 3 }),
        fc.boolean(),
        // Writes sent ahead every few mutations, as every 50 of a long push.
        fc.integer({ min: 1, max: 4 }),
        async (edits, cuts, replayFirst, writeAhead) => {
          const batch = corrupt(mutations, edits, takenNumber);
          const bounds = [0, ...cuts.filter((c) => c < batch.length).sort((x, y) => x - y)];
          const pushes = bounds.map((start, i) => batch.slice(start, bounds[i + 1]));
          if (replayFirst) pushes.push(pushes[0]!);
          await Promise.all([load(fast, base), load(careful, base)]);
          const now = () => 1_800_000_000_000;
          for (const push of pushes) {
            const stats = () => ({ accepted: 0, rejected: 0, replayed: 0, skewed: 0 });
            const buffered = await processPush(fast, principal, push, now, stats(), {
              currentSchemaVersion: mutationSchemaVersion,
              writeAhead,
            });
            const oneByOne = await processPush(careful, principal, push, now, stats(), {
              currentSchemaVersion: mutationSchemaVersion,
              oneByOne: true,
            });
            expect(buffered).toEqual(oneByOne);
          }
          expect(await outcomeState(fast)).toEqual(await outcomeState(careful));
        },
      ),
      { numRuns: 40 },
    );
  }, 300_000);

  it('a refused intake in the middle of a batch leaves none of its rows behind', async () => {
    const intakes = mutations.filter((m) => m.name === 'order.intake');
    // The last intake (nothing later in the batch refers to it) takes the first one's number.
    const batch = corrupt(mutations, [[intakes.length - 1, 'number', 0]], takenNumber);
    await load(fast, base);
    const before = await outcomeState(fast);
    const pushed = await processPush(fast, principal, batch, Date.now, {
      accepted: 0,
      rejected: 0,
      replayed: 0,
      skewed: 0,
    });
    const refused = pushed.outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toMatchObject([{ code: 'duplicate_number' }]);
    const args = batch.find((m) => m.seq === refused[0]!.seq)!.args as {
      customer: { id: string };
      device: { id: string };
      order: { id: string };
    };
    const after = await outcomeState(fast);
    const left = after.records.filter((r) =>
      [args.customer.id, args.device.id, args.order.id].includes((r as { id: string }).id),
    );
    expect(left).toEqual([]);
    expect(
      after.changes.filter((c) =>
        [args.customer.id, args.device.id].includes((c as { id: string }).id),
      ),
    ).toEqual([]);
    expect(after.series.length).toBe(before.series.length + intakes.length - 1);
  }, 60_000);
});
