import { asc, count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushMutation, PushResponse } from '../../../core/contract/replication';
import { mutationSchemaVersion } from '../../../core/contract/replication';
import { auditLog, customers, outbox, sentChanges, syncRejections } from '../../../core/db/schema';
import { erasedCustomerFields, pseudonymFor } from '../../../core/privacy/erase';
import { applyPulledPage } from '../../../core/sync/apply-pulled';
import { intake } from '../../support/counter';
import { enrolDesk } from '../../../core/sync/enrol';
import { pushOutbox, sentKeptMs, sentKeptRows } from '../../../core/sync/push-outbox';
import { haltPull } from '../../../core/sync/sync-state';
import type { SyncTransport } from '../../../core/sync/transport';
import { newEnrolmentCodeForSite } from '../../../server/sites';
import { expectOk, intakeInput, testDesk } from '../../support/desk';
import { enrolledDesk } from '../../support/sync-desk';
import { startTestServer, type TestServer } from '../../support/sync-server';

/** A head office that accepts everything but the changes named in `refuse`. */
function headOffice(refuse: Set<string> = new Set()) {
  return {
    async push(mutations: PushMutation[]): Promise<PushResponse> {
      return {
        outcomes: mutations.map((m) =>
          refuse.has(m.mutationId)
            ? {
                seq: m.seq,
                mutationId: m.mutationId,
                status: 'rejected' as const,
                code: 'validation' as const,
              }
            : { seq: m.seq, mutationId: m.mutationId, status: 'accepted' as const },
        ),
        lastSeq: mutations.at(-1)!.seq,
        serverTime: Date.now(),
      };
    },
  } as unknown as SyncTransport;
}

const kept = (desk: ReturnType<typeof testDesk>) =>
  desk.db
    .select({ mutationId: sentChanges.mutationId })
    .from(sentChanges)
    .orderBy(asc(sentChanges.seq))
    .all()
    .map((r) => r.mutationId);

describe('changes the head office accepted are kept a while, to go again after it is restored', () => {
  it('keeps what was accepted, in order, not what was refused, and lets go after 30 days', async () => {
    const desk = testDesk();
    for (let i = 0; i < 3; i++) await expectOk(desk.call('createIntake', intakeInput()));
    const queued = desk.db.select().from(outbox).orderBy(asc(outbox.seq)).all();
    const refused = queued[1]!.mutationId;
    const day0 = Date.parse('2026-12-01T09:00:00Z');
    await pushOutbox(desk.db, headOffice(new Set([refused])), () => day0);
    expect(kept(desk)).toEqual([queued[0]!.mutationId, queued[2]!.mutationId]);
    expect(desk.db.select({ n: count() }).from(syncRejections).get()!.n).toBe(1);
    expect(desk.db.select({ n: count() }).from(outbox).get()!.n).toBe(0);

    // 30 days and a minute on, the next accepted change lets the old ones go.
    await expectOk(desk.call('createIntake', intakeInput()));
    const latest = desk.db.select().from(outbox).get()!.mutationId;
    await pushOutbox(desk.db, headOffice(), () => day0 + sentKeptMs + 60_000);
    expect(kept(desk)).toEqual([latest]);
  });

  it(`keeps at most the newest ${sentKeptRows}`, async () => {
    const desk = testDesk();
    const now = Date.parse('2026-12-01T09:00:00Z');
    desk.db.$client
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO sent_changes (mutation_id, name, args, schema_version, client_at, user_id, accepted_at)
         SELECT 'old-' || i, 'order.status', '{}', ?, ?, 'someone', ? FROM n`,
      )
      .run(sentKeptRows, mutationSchemaVersion, now, now);
    await expectOk(desk.call('createIntake', intakeInput()));
    const latest = desk.db.select().from(outbox).get()!.mutationId;
    await pushOutbox(desk.db, headOffice(), () => now + 1000);
    const all = kept(desk);
    expect(all).toHaveLength(sentKeptRows);
    expect(all[0]).toBe('old-2');
    expect(all.at(-1)).toBe(latest);
  });
});

describe("an erased customer's details", () => {
  it('leave the queued, the kept and the refused changes, where the erasure is made and where it arrives', async () => {
    const desk = testDesk();
    const kept = await intake(desk);
    const other = { mode: 'new' as const, name: 'Marco Rossi', phone: '+39 347 555 0123' };
    await intake(desk, { customer: other });
    const refused = desk.db.select().from(outbox).orderBy(asc(outbox.seq)).all()[1]!.mutationId;
    await pushOutbox(desk.db, headOffice(new Set([refused])), Date.now);
    const stored = () =>
      JSON.stringify([
        desk.db.select().from(outbox).all(),
        desk.db.select().from(sentChanges).all(),
        desk.db.select().from(syncRejections).all(),
      ]);
    expect(stored()).toContain('Giulia Bianchi');
    expect(stored()).toContain('Marco Rossi');

    // Erased at this desk.
    await expectOk(
      desk.call('eraseCustomer', { customerId: kept.customerId, confirmName: kept.customerName }),
    );
    expect(stored()).not.toContain('Giulia Bianchi');
    expect(stored()).not.toContain('555 0199');
    expect(stored()).toContain(pseudonymFor(kept.customerId));

    // Erased at another desk: the erasure arrives in a pulled page.
    const otherId = desk.db
      .select()
      .from(customers)
      .all()
      .find((c) => c.name === other.name)!.id;
    // An edit of theirs is still queued here (the head office will refuse it: they are erased).
    await expectOk(desk.call('updateCustomer', { id: otherId, phone: '347 555 0177' }));
    expect(stored()).toContain('+393475550177');
    const row = desk.db.select().from(customers).where(eq(customers.id, otherId)).get()!;
    const erasedAt = Date.now();
    applyPulledPage(
      desk.db,
      [
        {
          type: 'change',
          tbl: 'customers',
          id: otherId,
          op: 'upsert',
          data: { ...row, ...erasedCustomerFields(otherId), erasedAt, updatedAt: erasedAt },
        },
      ],
      '42',
    );
    expect(stored()).not.toContain('Marco Rossi');
    expect(stored()).not.toContain('555 0123');
    expect(stored()).not.toContain('5550177');
  });
});

describe('enrolling again', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('queues the kept changes again only after the head office was restored, and only those it can still read', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'VE01');
    await expectOk(desk.call('createIntake', intakeInput()));
    expect(await desk.sync()).toMatchObject({ ok: true, push: { accepted: 1 } });
    const sent = kept(desk);
    expect(sent).toHaveLength(1);
    // One kept from before the previous update: the head office would stop the queue at it.
    desk.db
      .insert(sentChanges)
      .values({
        mutationId: 'ancient',
        name: 'order.status',
        args: {},
        schemaVersion: mutationSchemaVersion - 2,
        clientAt: 0,
        userId: 'someone',
        acceptedAt: Date.now(),
      })
      .run();
    await expectOk(desk.call('createIntake', intakeInput({ complaint: 'Schermo' })));
    const waiting = desk.db.select().from(outbox).get()!.mutationId;

    // Revoked or its credentials replaced: enrolled again, it sends only what waits.
    const code = async () =>
      (await newEnrolmentCodeForSite(server.db, 'VE01', Date.now()))!.enrolmentCode;
    await enrolDesk(desk, server.url, await code());
    const queuedIds = () =>
      desk.db
        .select({ mutationId: outbox.mutationId })
        .from(outbox)
        .orderBy(asc(outbox.seq))
        .all()
        .map((r) => r.mutationId);
    expect(queuedIds()).toEqual([waiting]);

    // After the head office was restored: what it accepted goes again first, then this desk's
    // audit rows since (the kept changes leave theirs to the desk's own trail), then the queue.
    haltPull(desk.db, { reason: 'push_gap', cursor: '0:0', at: Date.now() });
    await enrolDesk(desk, server.url, await code());
    const requeued = desk.db.select().from(outbox).orderBy(asc(outbox.seq)).all();
    expect(requeued.map((m) => m.name)).toEqual(['order.intake', 'audit.append', 'order.intake']);
    expect([requeued[0]!.mutationId, requeued[2]!.mutationId]).toEqual([...sent, waiting]);
    expect(requeued[0]!.audit).toBeNull();
    const trail = desk.db.select({ id: auditLog.id }).from(auditLog).all();
    const appended = (requeued[1]!.args as { rows: { id: string }[] }).rows.map((r) => r.id);
    expect(appended.sort()).toEqual(trail.map((r) => r.id).sort());
    expect(kept(desk)).toEqual([]);
    // The head office still holds the first and its audit rows: it answers it as a replay, skips
    // the rows it has, and applies the last.
    const auditAtHeadOffice = async () =>
      (
        await server.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM records WHERE tbl = 'audit_log'",
        )
      )[0]!.n;
    const auditBefore = await auditAtHeadOffice();
    const round = await desk.sync();
    expect(round).toMatchObject({ ok: true, push: { sent: 3, accepted: 3, rejected: 0 } });
    expect(await auditAtHeadOffice()).toBe(auditBefore + 1);
    const orders = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM records WHERE tbl = 'repair_orders'",
    );
    expect(orders[0]!.n).toBe(2);
  });
});
