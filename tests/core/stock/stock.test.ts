import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartWithStock, StockMovement } from '../../../core/contract/stock';
import type { SyncStatus } from '../../../core/contract/sync';
import { outbox, sites, stockMovements } from '../../../core/db/schema';
import type { Desk } from '../../../core/runtime/desk';
import { pushOutbox } from '../../../core/sync/push-outbox';
import type { SyncTransport } from '../../../core/sync/transport';
import { expectError, intake, move, rowCounts, screenLabour } from '../../support/counter';
import { expectOk, testDesk } from '../../support/desk';

const display = {
  sku: 'DSP-IP14',
  name: 'Display OLED iPhone 14',
  price: 18_000,
  vatRateBp: 2200,
  warrantyMonths: 12,
};

/** A desk of the given kind (a fresh desk is a reception), reopened so it knows what it is. */
function deskOfKind(kind: 'head_office' | 'reception', from = testDesk()): Desk {
  from.db.update(sites).set({ kind }).where(eq(sites.id, from.site.id)).run();
  from.close();
  return testDesk({ dataDir: from.dataDir });
}

async function newPart(desk: Desk, overrides: Partial<typeof display> = {}) {
  return (await expectOk(desk.call('savePart', { ...display, ...overrides }))) as PartWithStock;
}

async function onHand(desk: Desk, partId: string): Promise<number> {
  const { parts } = (await expectOk(desk.call('listParts', {}))) as { parts: PartWithStock[] };
  return parts.find((p) => p.id === partId)!.onHandMilli;
}

function partLine(partId: string, quantityMilli = 1000) {
  return {
    kind: 'part' as const,
    partId,
    description: display.name,
    quantityMilli,
    unitPrice: display.price,
    vatRateBp: 2200,
    warrantyMonths: 12,
  };
}

/** An order taken in, diagnosed and estimated with `lines`, answered `decision`. */
async function estimated(desk: Desk, lines: unknown[], decision: 'approved' | 'declined') {
  const order = await intake(desk);
  await move(desk, order.id, 'received', 'diagnosed');
  const estimate = (await expectOk(desk.call('saveEstimate', { orderId: order.id, lines }))) as {
    id: string;
    createdAt: number;
  };
  await expectOk(
    desk.call('recordApproval', {
      estimateId: estimate.id,
      decision,
      via: 'phone',
      at: estimate.createdAt,
    }),
  );
  return order;
}

describe('parts and stock at a desk', () => {
  it('stock on hand is the sum of the site’s movements: deliveries, corrections, repairs', async () => {
    const desk = deskOfKind('head_office');
    const part = await newPart(desk);
    const cable = await newPart(desk, { sku: 'FLX-IP14', name: 'Flat cable', price: 900 });
    await expectOk(
      desk.call('receiveStock', { partId: part.id, quantityMilli: 5000, note: 'DDT 12' }),
    );
    await expectOk(desk.call('receiveStock', { partId: cable.id, quantityMilli: 3000 }));
    await expectOk(
      desk.call('adjustStock', { partId: part.id, quantityMilli: -1000, note: 'Cracked' }),
    );
    expect(await onHand(desk, part.id)).toBe(4000);

    // Two of the display and half a cable, on the approved estimate; a hand-typed part moves nothing.
    const order = await estimated(
      desk,
      [
        screenLabour,
        partLine(part.id, 2000),
        partLine(cable.id, 500),
        { ...partLine(part.id), partId: undefined },
      ],
      'approved',
    );
    await move(desk, order.id, 'approved', 'in_repair');
    expect(await onHand(desk, part.id)).toBe(4000);
    await move(desk, order.id, 'in_repair', 'repaired');
    expect(await onHand(desk, part.id)).toBe(2000);
    expect(await onHand(desk, cable.id)).toBe(2500);

    const { movements } = (await expectOk(
      desk.call('listStockMovements', { partId: part.id }),
    )) as { movements: StockMovement[] };
    expect(movements.map((m) => [m.kind, m.quantityMilli, m.orderNumber, m.note])).toEqual([
      ['consume', -2000, order.number, null],
      ['adjustment', -1000, null, 'Cracked'],
      ['receipt', 5000, null, 'DDT 12'],
    ]);
    // The repair's parts travel with the move that says it is done, not as a change of their own.
    const queued = desk.db.select().from(outbox).all();
    const repaired = queued.find(
      (m) => (m.args as { changes?: { status: string } }).changes?.status === 'repaired',
    )!;
    expect((repaired.args as { stock: unknown[] }).stock).toHaveLength(2);
    expect(queued.filter((m) => m.name === 'stock.move')).toHaveLength(3);
  });

  it('a declined estimate takes nothing from stock', async () => {
    const desk = deskOfKind('head_office');
    const part = await newPart(desk);
    const order = await estimated(desk, [partLine(part.id)], 'declined');
    await move(desk, order.id, 'declined', 'ready_for_pickup');
    expect(await onHand(desk, part.id)).toBe(0);
  });

  it('bad input is refused with a field error and changes nothing', async () => {
    const desk = deskOfKind('head_office');
    const part = await newPart(desk);
    const before = desk.db.select().from(stockMovements).all().length;
    const queued = rowCounts(desk).outbox;
    expect(
      await expectError(desk.call('adjustStock', { partId: part.id, quantityMilli: 0, note: 'x' })),
    ).toMatchObject({
      code: 'validation',
      issues: [{ path: 'quantityMilli', code: 'not_zero' }],
    });
    expect(
      await expectError(
        desk.call('adjustStock', { partId: part.id, quantityMilli: 1000, note: '  ' }),
      ),
    ).toMatchObject({
      code: 'validation',
      issues: [{ path: 'note', code: 'required' }],
    });
    expect(
      await expectError(desk.call('receiveStock', { partId: part.id, quantityMilli: -1000 })),
    ).toMatchObject({
      code: 'validation',
      issues: [{ path: 'quantityMilli' }],
    });
    expect(
      await expectError(
        desk.call('receiveStock', { partId: crypto.randomUUID(), quantityMilli: 1000 }),
      ),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(await expectError(desk.call('savePart', { ...display, name: 'Another' }))).toMatchObject(
      {
        code: 'validation',
        issues: [{ path: 'sku', code: 'sku_taken' }],
      },
    );
    expect(desk.db.select().from(stockMovements).all()).toHaveLength(before);
    expect(rowCounts(desk).outbox).toBe(queued);
  });

  it('only the head office keeps the catalogue; any site books its own deliveries', async () => {
    const office = deskOfKind('head_office');
    expect(await expectOk(office.call('getDeskInfo', {}))).toMatchObject({
      site: { kind: 'head_office' },
    });
    const part = await newPart(office);
    // The same folder reopened as a reception desk (`office` is closed from here on).
    const desk = deskOfKind('reception', office);
    // The screen learns the desk's kind from getDeskInfo and offers no catalogue edits here.
    expect(await expectOk(desk.call('getDeskInfo', {}))).toMatchObject({
      site: { kind: 'reception' },
    });
    expect(
      await expectError(desk.call('savePart', { ...display, id: part.id, price: 1 })),
    ).toMatchObject({
      code: 'head_office_only',
    });
    await expectOk(desk.call('receiveStock', { partId: part.id, quantityMilli: 1000 }));
    expect(await onHand(desk, part.id)).toBe(1000);
  });

  it('a change of price sends only what changed', async () => {
    const desk = deskOfKind('head_office');
    const part = await newPart(desk);
    await expectOk(desk.call('savePart', { ...display, id: part.id, price: 17_500 }));
    const last = desk.db.select().from(outbox).all().at(-1)!;
    expect(last.name).toBe('part.update');
    expect(last.args).toEqual({
      id: part.id,
      patch: { price: 17_500, updatedAt: expect.any(Number) },
    });
  });

  it('a change the head office refuses takes its movements back: the desk shows the site’s ledger of record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 9 }), refused: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (deliveries) => {
          const desk = deskOfKind('head_office');
          const part = await newPart(desk);
          for (const { quantity } of deliveries)
            await expectOk(
              desk.call('receiveStock', { partId: part.id, quantityMilli: quantity * 1000 }),
            );
          const refusedIndexes = new Set(deliveries.flatMap((d, i) => (d.refused ? [i + 1] : [])));
          let pushes = 0;
          const transport = {
            push: async (mutations) => ({
              outcomes: mutations.map((m) => {
                const index = pushes++;
                return refusedIndexes.has(index)
                  ? {
                      seq: m.seq,
                      mutationId: m.mutationId,
                      status: 'rejected' as const,
                      code: 'validation' as const,
                    }
                  : { seq: m.seq, mutationId: m.mutationId, status: 'accepted' as const };
              }),
              lastSeq: mutations.at(-1)!.seq,
            }),
          } as Pick<SyncTransport, 'push'> as SyncTransport;
          const report = await pushOutbox(desk.db, transport, () => Date.now());
          expect(report.rejected).toBe(refusedIndexes.size);
          const kept = deliveries
            .filter((d) => !d.refused)
            .reduce((sum, d) => sum + d.quantity * 1000, 0);
          expect(await onHand(desk, part.id)).toBe(kept);
          desk.close();
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a refused catalogue or stock change is listed by the part’s SKU, not as an order', async () => {
    const desk = deskOfKind('head_office');
    const part = await newPart(desk);
    await expectOk(desk.call('receiveStock', { partId: part.id, quantityMilli: 2000 }));
    await expectOk(desk.call('savePart', { ...display, id: part.id, price: 17_500 }));
    const refuseAll = {
      push: async (mutations) => ({
        outcomes: mutations.map((m) => ({
          seq: m.seq,
          mutationId: m.mutationId,
          status: 'rejected' as const,
          code: 'validation' as const,
        })),
        lastSeq: mutations.at(-1)!.seq,
      }),
    } as Pick<SyncTransport, 'push'> as SyncTransport;
    await pushOutbox(desk.db, refuseAll, () => Date.now());
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    const listed = status.rejected
      .filter((change) => change.name !== 'audit.append')
      .map(({ name, subject, orderNumber }) => ({ name, subject, orderNumber }));
    const about = { kind: 'part', label: part.sku };
    expect(listed).toEqual(
      expect.arrayContaining([
        { name: 'part.create', subject: about, orderNumber: null },
        { name: 'stock.move', subject: { ...about, kind: 'stock' }, orderNumber: null },
        { name: 'part.update', subject: about, orderNumber: null },
      ]),
    );
    expect(listed).toHaveLength(3);
    // Refused at its creation, the part is in no catalogue but this desk's: no longer offered.
    const catalogue = (await expectOk(desk.call('listParts', { term: part.sku }))) as {
      parts: PartWithStock[];
    };
    expect(catalogue.parts).toEqual([]);
  });
});
