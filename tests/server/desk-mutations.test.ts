import { asc } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/contract/sync';
import * as schema from '../../core/db/schema';
import type { Desk } from '../../core/runtime/desk';
import { mutationAppliers } from '../../server/mutations';
import { screenLabour, screenPart } from '../support/counter';
import { minimalPdf } from '../support/files';
import { intakeInput } from '../support/desk';
import {
  authorizationOf,
  enrolledDesk,
  outboxMutations,
  rawPush,
  type SyncedDesk,
} from '../support/sync-desk';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

async function call<T = Record<string, unknown>>(
  desk: Desk,
  method: string,
  input: unknown,
): Promise<T> {
  const result = await desk.call(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]).toString(
  'base64',
);

/** The counter day of tests/core/orders/counter-day.test.ts, on an enrolled desk. */
async function counterDay(desk: Desk, workshopSiteId: string) {
  const order = await call<{ id: string; customerId: string; deviceId: string }>(
    desk,
    'createIntake',
    {
      customer: {
        mode: 'new',
        name: 'Giulia Bianchi',
        phone: '347 555 0199',
        taxId: 'RSSMRA85T10A562S',
        consent: { privacyVersion: 'IT-privacy-2026-01', termsVersion: 'IT-terms-2026-01' },
      },
      device: { mode: 'new', category: 'phone', brand: 'Apple', model: 'iPhone 14' },
      complaint: 'Schermo nero dopo una caduta',
      unlock: { kind: 'pin', value: '271828' },
      deposit: 3000,
    },
  );
  await call(desk, 'addAttachment', { orderId: order.id, name: 'fronte.jpg', dataBase64: photo });
  await call(desk, 'recordPrint', {
    orderId: order.id,
    document: 'intake_receipt',
    format: '80mm',
  });
  // A second device goes to the workshop and is recorded as arrived; the workshop, holding it,
  // records its work at its own desk. This one the counter repairs on its own bench.
  const sent = await call<{ id: string }>(desk, 'createIntake', {
    customer: { mode: 'existing', id: order.customerId },
    device: { mode: 'new', category: 'tablet', brand: 'Apple', model: 'iPad Air' },
    complaint: 'Batteria gonfia',
  });
  await call(desk, 'sendToWorkshop', { orderId: sent.id, workshopSiteId });
  await call(desk, 'changeStatus', {
    orderId: sent.id,
    expectedStatus: 'in_transit_to_workshop',
    to: 'at_workshop',
  });
  await call(desk, 'changeStatus', {
    orderId: order.id,
    expectedStatus: 'received',
    to: 'diagnosed',
  });
  const estimate = await call<{ id: string; createdAt: number }>(desk, 'saveEstimate', {
    orderId: order.id,
    lines: [screenLabour, screenPart],
  });
  await call(desk, 'recordApproval', {
    estimateId: estimate.id,
    decision: 'approved',
    via: 'phone',
    at: estimate.createdAt,
  });
  for (const [from, to] of [
    ['approved', 'in_repair'],
    ['in_repair', 'repaired'],
    ['repaired', 'ready_for_pickup'],
  ] as const)
    await call(desk, 'changeStatus', { orderId: order.id, expectedStatus: from, to });
  await call(desk, 'recordReminder', { orderId: order.id, channel: 'phone' });
  await call(desk, 'handOver', {
    orderId: order.id,
    lines: [screenLabour, screenPart],
    payments: [
      { method: 'card', amount: 20_000 },
      { method: 'cash', amount: 3840 },
    ],
    termsVersion: 'IT-warranty-2026-01',
  });
  await call(desk, 'recordPrint', { orderId: order.id, document: 'warranty_slip', format: 'a4' });
  await call(desk, 'updateCustomer', { id: order.customerId, email: 'giulia@example.it' });
  return order;
}

/** The replicated tables a counter day writes, and how to read them in a stable order. */
const dayTables = {
  customers: schema.customers,
  devices: schema.devices,
  repair_orders: schema.repairOrders,
  order_events: schema.orderEvents,
  estimates: schema.estimates,
  order_lines: schema.orderLines,
  payments: schema.payments,
  warranty_slips: schema.warrantySlips,
  attachments: schema.attachments,
} as unknown as Record<string, SQLiteTable & { id: typeof schema.sites.id }>;

function rowsOf(desk: Desk, table: SQLiteTable & { id: typeof schema.sites.id }) {
  return desk.db.select().from(table).orderBy(asc(table.id)).all();
}

async function syncedCleanly(desk: SyncedDesk): Promise<void> {
  const round = await desk.sync();
  if (!round.ok) throw new Error(`sync failed: ${JSON.stringify(round)}`);
  const status = (await call(desk, 'getSyncStatus', {})) as unknown as SyncStatus;
  expect(status.rejected).toEqual([]);
  expect(status.waiting).toBe(0);
}

describe.each(backends)('every counter action replicates to the head office (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('a whole counter day is accepted by the server and the head office holds the same rows', async () => {
    server = await startTestServer(backend);
    const { siteId: workshop } = await server.createSite('LAB1', 'workshop_own');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    await syncedCleanly(desk);

    const order = await counterDay(desk, workshop);
    const queued = outboxMutations(desk);
    const written = [...new Set(queued.map((m) => m.name))].sort();
    // Each change carries the audit rows written with it.
    expect(queued.filter((m) => !m.audit?.length).map((m) => m.name)).toEqual([]);
    // A new kind of desk mutation without a server applier fails here, not at a real counter.
    expect(written.filter((name) => !Object.hasOwn(mutationAppliers, name))).toEqual([]);
    expect(written).toEqual(
      expect.arrayContaining([
        'customer.update',
        'order.approval',
        'order.attachment',
        'order.estimate',
        'order.event',
        'order.handover',
        'order.intake',
        'order.status',
      ]),
    );

    await syncedCleanly(desk);
    await syncedCleanly(headOffice);
    for (const [name, table] of Object.entries(dayTables))
      expect({ name, rows: rowsOf(headOffice, table) }).toEqual({
        name,
        rows: rowsOf(desk, table),
      });
    const deskAudit = rowsOf(desk, schema.auditLog as never).map((r) => (r as { id: string }).id);
    const officeAudit = new Set(
      rowsOf(headOffice, schema.auditLog as never).map((r) => (r as { id: string }).id),
    );
    expect(deskAudit.filter((id) => !officeAudit.has(id))).toEqual([]);
    const [office] = rowsOf(headOffice, schema.repairOrders as never) as { status: string }[];
    expect(office).toMatchObject({ id: order.id, status: 'handed_over' });
  });

  /** A counter's day (intake to hand-over, with a photo) at MI01, known to the head office's desk. */
  const dayAtHeadOffice = async () => {
    server = await startTestServer(backend);
    const { siteId: workshop } = await server.createSite('LAB1', 'workshop_own');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    await syncedCleanly(desk);
    const order = await counterDay(desk, workshop);
    await syncedCleanly(desk);
    await syncedCleanly(headOffice);
    return { desk, headOffice, order };
  };

  it("a warranty return's claim reaches the head office with the order", async () => {
    const { desk, headOffice, order } = await dayAtHeadOffice();
    const [slip] = rowsOf(desk, dayTables.warranty_slips!) as {
      id: string;
      coverage: { lineId: string }[];
    }[];
    const rework = await call<{ id: string; warrantyClaim: unknown }>(desk, 'createIntake', {
      customer: { mode: 'existing', id: order.customerId },
      device: { mode: 'existing', id: order.deviceId },
      complaint: 'Il display nuovo ha righe verdi',
      warrantyClaim: { slipId: slip!.id, lineId: slip!.coverage[0]!.lineId },
    });
    expect(rework.warrantyClaim).toMatchObject({ slipId: slip!.id });
    await syncedCleanly(desk);
    await syncedCleanly(headOffice);
    const atOffice = await call<{ warrantyClaim: unknown }>(headOffice, 'getOrder', {
      id: rework.id,
    });
    expect(atOffice.warrantyClaim).toEqual(rework.warrantyClaim);
    expect(rowsOf(headOffice, dayTables.repair_orders!)).toEqual(
      rowsOf(desk, dayTables.repair_orders!),
    );
  });

  it('a failed sign-in at an enrolled desk is recorded at the head office and holds up nothing queued after it', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI07');
    // Nobody is signed in: the attempt is recorded as made by no one.
    expect(
      await desk.callWithSession(undefined, 'signIn', {
        with: 'password',
        login: 'luca',
        password: 'wrong password',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    const order = await call<{ number: string }>(desk, 'createIntake', intakeInput());
    await syncedCleanly(desk);
    expect(await desk.sync()).toMatchObject({ ok: true });
    const [attempt] = await server.db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM records WHERE tbl = 'audit_log' AND data->>'action' = 'signIn.failed'`,
    );
    expect(attempt?.data).toMatchObject({ userId: 'anonymous', entityId: 'luca' });
    expect(
      await server.db.query(
        `SELECT 1 FROM records WHERE tbl = 'repair_orders' AND data->>'number' = $1`,
        [order.number],
      ),
    ).toHaveLength(1);
  });

  it('an erased customer is pseudonymised at the head office too, photos and audit copies included', async () => {
    const { desk, headOffice, order } = await dayAtHeadOffice();
    expect(rowsOf(headOffice, dayTables.attachments!)).toHaveLength(1);

    await call(desk, 'eraseCustomer', {
      customerId: order.customerId,
      confirmName: 'giulia bianchi',
    });
    expect(outboxMutations(desk).map((m) => m.name)).toContain('customer.erase');
    await syncedCleanly(desk);
    await syncedCleanly(headOffice);

    const [customer] = rowsOf(headOffice, dayTables.customers!) as Record<string, unknown>[];
    expect(customer).toMatchObject({ id: order.customerId, email: null, taxId: null });
    expect(customer!.erasedAt).toEqual(expect.any(Number));
    expect(customer!.name).toMatch(/^Erased customer /);
    expect(rowsOf(headOffice, dayTables.attachments!)).toEqual([]);
    for (const replica of [headOffice, desk])
      expect(JSON.stringify(rowsOf(replica, schema.auditLog as never))).not.toMatch(
        /Giulia|giulia@example/,
      );
    const [stored] = await server.db.query<{ data: string }>(
      `SELECT data::text AS data FROM records WHERE tbl = 'customers' AND id = $1`,
      [order.customerId],
    );
    expect(stored!.data).not.toMatch(/Giulia|347 555|RSSMRA/);
  });

  it('an edit made offline before the erasure reached the desk is refused, and no copy keeps it', async () => {
    const { desk, headOffice, order } = await dayAtHeadOffice();
    // Offline, the counter corrects the customer's contacts; the head office erases them.
    await call(desk, 'updateCustomer', {
      id: order.customerId,
      phone: '347 555 0177',
      email: 'nuova@example.it',
    });
    await call(headOffice, 'eraseCustomer', {
      customerId: order.customerId,
      confirmName: 'Giulia Bianchi',
    });
    await syncedCleanly(headOffice);

    expect((await desk.sync()).push).toMatchObject({ accepted: 0, rejected: 1 });
    await syncedCleanly(headOffice);
    const details = /Giulia|555 ?0177|nuova@example/;
    // The edit's audit row is recorded at the head office, under the pseudonym; the counter's
    // trail and its list of refused changes lose the details when the erasure arrives.
    const audit = await server.db.query<{ data: string }>(
      `SELECT data::text AS data FROM records WHERE tbl = 'audit_log'`,
    );
    expect(audit.some((row) => row.data.includes('customer.update'))).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(details);
    for (const replica of [headOffice, desk])
      expect(JSON.stringify(rowsOf(replica, schema.auditLog as never))).not.toMatch(details);
    const refused = desk.db.select().from(schema.syncRejections).all();
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused)).not.toMatch(details);
  });

  it('a photo taken offline before the erasure reached the desk is refused, not brought back', async () => {
    const { desk, headOffice, order } = await dayAtHeadOffice();
    // The desk is offline; the customer asks the head office to erase them.
    await call(desk, 'addAttachment', { orderId: order.id, name: 'retro.jpg', dataBase64: photo });
    await call(headOffice, 'eraseCustomer', {
      customerId: order.customerId,
      confirmName: 'Giulia Bianchi',
    });
    await syncedCleanly(headOffice);

    const round = await desk.sync();
    expect(round.push).toMatchObject({ accepted: 0, rejected: 1 });
    // The erasure came down in the same round: the desk's own copy of the photo went with it.
    expect(rowsOf(desk, dayTables.attachments!)).toEqual([]);
    const status = (await call(desk, 'getSyncStatus', {})) as unknown as SyncStatus;
    expect(status.rejected).toEqual([
      expect.objectContaining({
        name: 'order.attachment',
        code: 'conflict',
        params: expect.objectContaining({ reason: 'erased', id: order.customerId }),
      }),
    ]);
    const [photos] = await server.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM records WHERE tbl = 'attachments'`,
    );
    expect(photos!.n).toBe('0');
    await syncedCleanly(headOffice);
    expect(rowsOf(headOffice, dayTables.attachments!)).toEqual([]);
  });

  it('an attachment pushed as a type the desk does not keep is refused, and nothing is written', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01');
    await syncedCleanly(desk);
    const order = await call<{ id: string }>(desk, 'createIntake', intakeInput());
    await call(desk, 'addAttachment', {
      orderId: order.id,
      name: 'ricevuta.pdf',
      dataBase64: minimalPdf.toString('base64'),
    });
    const [intake, attachment] = outboxMutations(desk).filter((m) =>
      ['order.intake', 'order.attachment'].includes(m.name),
    );
    const forged = (change: Record<string, unknown>, seq: number) => {
      const args = structuredClone(attachment!.args) as { attachment: Record<string, unknown> };
      return {
        ...attachment!,
        seq,
        mutationId: uuidv7(),
        args: { ...args, attachment: { ...args.attachment, ...change } },
      };
    };
    const response = await rawPush(server.url, authorizationOf(desk), {
      mutations: [
        intake,
        // A page the head office's desk would show, and a PDF passed off as a photo.
        forged({ mime: 'text/html' }, intake!.seq + 1),
        forged({ kind: 'photo' }, intake!.seq + 2),
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.outcomes).toEqual([
      expect.objectContaining({ status: 'accepted' }),
      expect.objectContaining({
        status: 'rejected',
        code: 'validation',
        params: { field: 'attachment.mime' },
      }),
      expect.objectContaining({
        status: 'rejected',
        code: 'validation',
        params: { field: 'attachment.mime' },
      }),
    ]);
    const stored = await server.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM records WHERE tbl IN ('attachments', 'order_events')
          AND data->>'orderId' = $1 AND (tbl = 'attachments' OR data->>'kind' = 'attachment')`,
      [order.id],
    );
    expect(stored[0]!.n).toBe('0');
  });
});
