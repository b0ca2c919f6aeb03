import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PartWithStock } from '../../core/contract/stock';
import type { SyncStatus } from '../../core/contract/sync';
import { orderLines, parts, stockMovements } from '../../core/db/schema';
import type { Desk } from '../../core/runtime/desk';
import { screenLabour } from '../support/counter';
import { intakeInput } from '../support/desk';
import {
  authorizationOf,
  enrolledDesk,
  outboxMutations,
  rawPush,
  serverCounts,
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

async function synced(desk: SyncedDesk): Promise<SyncStatus> {
  const round = await desk.sync();
  if (!round.ok) throw new Error(`sync failed: ${JSON.stringify(round)}`);
  return (await call(desk, 'getSyncStatus', {})) as unknown as SyncStatus;
}

const display = {
  sku: 'DSP-IP14',
  name: 'Display OLED iPhone 14',
  price: 18_000,
  vatRateBp: 2200,
  warrantyMonths: 12,
};

function onHand(desk: Desk, partId: string): Promise<number> {
  return call<{ parts: PartWithStock[] }>(desk, 'listParts', {}).then(
    ({ parts: list }) => list.find((p) => p.id === partId)?.onHandMilli ?? NaN,
  );
}

/** Takes an order in at the reception, through the workshop, to repaired with `lines` estimated. */
async function repairAt(
  reception: SyncedDesk,
  workshop: SyncedDesk,
  workshopSiteId: string,
  lines: unknown[],
): Promise<string> {
  const order = await call<{ id: string }>(reception, 'createIntake', intakeInput());
  await call(reception, 'sendToWorkshop', { orderId: order.id, workshopSiteId });
  await synced(reception);
  await synced(workshop);
  await call(workshop, 'changeStatus', {
    orderId: order.id,
    expectedStatus: 'in_transit_to_workshop',
    to: 'at_workshop',
  });
  await call(workshop, 'changeStatus', {
    orderId: order.id,
    expectedStatus: 'at_workshop',
    to: 'diagnosed',
  });
  const estimate = await call<{ id: string; createdAt: number }>(workshop, 'saveEstimate', {
    orderId: order.id,
    lines,
  });
  // The customer's answer is the counter's: it talks to the customer.
  await synced(workshop);
  await synced(reception);
  await call(reception, 'recordApproval', {
    estimateId: estimate.id,
    decision: 'approved',
    via: 'phone',
    at: estimate.createdAt,
  });
  await synced(reception);
  await synced(workshop);
  await call(workshop, 'changeStatus', {
    orderId: order.id,
    expectedStatus: 'approved',
    to: 'in_repair',
  });
  return order.id;
}

describe.each(backends)('parts and stock replicate (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('the catalogue comes from the head office; a repair takes its parts from the workshop’s stock, seen there and at the head office only', async () => {
    server = await startTestServer(backend);
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const reception = await enrolledDesk(server, 'MI01');
    const workshop = await enrolledDesk(server, 'LAB1', 'workshop_own');
    const workshopSiteId = workshop.site.id;

    // Only the head office keeps the catalogue.
    const refused = await reception.call('savePart', display);
    expect(refused).toMatchObject({ ok: false, error: { code: 'head_office_only' } });
    const part = await call<PartWithStock>(headOffice, 'savePart', display);
    const cable = await call<PartWithStock>(headOffice, 'savePart', {
      ...display,
      sku: 'FLX-IP14',
      name: 'Flat cable',
    });
    expect(await synced(headOffice)).toMatchObject({ waiting: 0, rejected: [] });
    for (const desk of [reception, workshop]) await synced(desk);
    expect(workshop.db.select().from(parts).orderBy(asc(parts.sku)).all()).toMatchObject([
      { id: part.id, sku: 'DSP-IP14', price: 18_000 },
      { id: cable.id, sku: 'FLX-IP14' },
    ]);

    // A delivery at the workshop, then a repair using one display and two half cables.
    await call(workshop, 'receiveStock', { partId: part.id, quantityMilli: 3000, note: 'DDT 77' });
    await call(workshop, 'receiveStock', { partId: cable.id, quantityMilli: 2000 });
    const orderId = await repairAt(reception, workshop, workshopSiteId, [
      screenLabour,
      {
        kind: 'part',
        partId: part.id,
        description: display.name,
        quantityMilli: 1000,
        unitPrice: 18_000,
        vatRateBp: 2200,
        warrantyMonths: 12,
      },
      {
        kind: 'part',
        partId: cable.id,
        description: 'Flat cable',
        quantityMilli: 500,
        unitPrice: 900,
        vatRateBp: 2200,
      },
      {
        kind: 'part',
        partId: cable.id,
        description: 'Flat cable',
        quantityMilli: 500,
        unitPrice: 900,
        vatRateBp: 2200,
      },
    ]);
    await call(workshop, 'changeStatus', { orderId, expectedStatus: 'in_repair', to: 'repaired' });
    const [repaired] = outboxMutations(workshop).filter(
      (m) =>
        m.name === 'order.status' &&
        (m.args as { changes: { status: string } }).changes.status === 'repaired',
    );
    expect((repaired!.args as { stock: unknown[] }).stock).toEqual([
      expect.objectContaining({ kind: 'consume', partId: part.id, quantity: -1000, orderId }),
      expect.objectContaining({ kind: 'consume', partId: cable.id, quantity: -1000, orderId }),
    ]);
    expect(await onHand(workshop, part.id)).toBe(2000);
    expect(await onHand(workshop, cable.id)).toBe(1000);
    // The device goes back: custody leaves the workshop, its books stay with it.
    await call(workshop, 'changeStatus', {
      orderId,
      expectedStatus: 'repaired',
      to: 'in_transit_to_desk',
    });
    expect(await synced(workshop)).toMatchObject({ waiting: 0, rejected: [] });
    for (const desk of [headOffice, reception, workshop]) await synced(desk);

    const ledger = (desk: Desk) =>
      desk.db
        .select({ id: stockMovements.id, siteId: stockMovements.siteId })
        .from(stockMovements)
        .orderBy(asc(stockMovements.id))
        .all();
    expect(ledger(workshop)).toHaveLength(4);
    expect(ledger(headOffice)).toEqual(ledger(workshop));
    expect(ledger(reception)).toEqual([]);
    const history = await call<{ movements: { kind: string; orderId: string | null }[] }>(
      workshop,
      'listStockMovements',
      { partId: part.id },
    );
    expect(history.movements.map((m) => m.kind)).toEqual(['consume', 'receipt']);
    expect(history.movements[0]!.orderId).toBe(orderId);
    // The head office sees the workshop's stock as the sum of the workshop's ledger.
    const [stored] = await server.db.query<{ total: string }>(
      `SELECT sum((data->>'quantity')::int)::text AS total FROM records
        WHERE tbl = 'stock_movements' AND data->>'partId' = $1 AND data->>'siteId' = $2`,
      [part.id, workshopSiteId],
    );
    expect(Number(stored!.total)).toBe(2000);

    // A price change at the head office reaches the workshop; its own lines keep their price.
    await call(headOffice, 'savePart', { ...display, id: part.id, price: 17_500 });
    const update = outboxMutations(headOffice).at(-1)!;
    expect(update).toMatchObject({
      name: 'part.update',
      args: { id: part.id, patch: { price: 17_500 } },
    });
    expect(Object.keys((update.args as { patch: object }).patch).sort()).toEqual([
      'price',
      'updatedAt',
    ]);
    await synced(headOffice);
    await synced(workshop);
    expect(workshop.db.select().from(parts).where(eq(parts.id, part.id)).get()!.price).toBe(17_500);
    expect(
      workshop.db.select().from(orderLines).where(eq(orderLines.partId, part.id)).get()!.unitPrice,
    ).toBe(18_000);
  });

  it('forged catalogue changes and movements for another site are refused and change nothing', async () => {
    server = await startTestServer(backend);
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const reception = await enrolledDesk(server, 'MI01');
    const part = await call<PartWithStock>(headOffice, 'savePart', display);
    await synced(headOffice);
    await synced(reception);
    await call(reception, 'receiveStock', { partId: part.id, quantityMilli: 1000 });
    // The desk's real receipt, as the template of forged ones (without its audit rows, which the
    // head office keeps even for a refused change).
    const [{ audit: _audit, ...receipt }] = outboxMutations(reception) as [
      ReturnType<typeof outboxMutations>[number],
    ];
    const movement = (receipt.args as { movement: Record<string, unknown> }).movement;
    const before = await serverCounts(server);
    const cases: [string, unknown, string][] = [
      [
        'part.create',
        {
          part: {
            ...part,
            id: crypto.randomUUID(),
            originSiteId: reception.site.id,
            createdAt: 1,
            updatedAt: 1,
            sku: 'X-1',
          },
        },
        'out_of_scope',
      ],
      ['part.update', { id: part.id, patch: { price: 1, updatedAt: 2 } }, 'out_of_scope'],
      ['stock.move', { movement: { ...movement, siteId: headOffice.site.id } }, 'out_of_scope'],
      ['stock.move', { movement: { ...movement, kind: 'receipt', quantity: -5 } }, 'validation'],
      ['stock.move', { movement: { ...movement, kind: 'consume', quantity: -1000 } }, 'validation'],
      [
        'stock.move',
        { movement: { ...movement, partId: crypto.randomUUID() } },
        'unknown_reference',
      ],
    ];
    // One push, each forged change at the next seq: each is refused on its own.
    const pushed = await rawPush(server.url, authorizationOf(reception), {
      mutations: cases.map(([name, args], i) => ({
        ...receipt,
        seq: receipt.seq + i,
        mutationId: crypto.randomUUID(),
        name,
        args,
      })),
    });
    expect(pushed.status).toBe(200);
    expect(
      (pushed.body.outcomes as { code: string }[]).map((o, i) => [cases[i]![0], o.code]),
    ).toEqual(cases.map(([name, , code]) => [name, code]));
    expect(await serverCounts(server)).toEqual({
      ...before,
      applied: before.applied! + cases.length,
    });
  });
});
