import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Estimate } from '../../../core/contract/estimates';
import type { OrderDetail } from '../../../core/contract/orders';
import { repairOrders, sites, type SiteKind } from '../../../core/db/schema';
import type { OrderStatus } from '../../../core/orders/workflow';
import type { Desk } from '../../../core/runtime/desk';
import { expectOk } from '../../support/desk';
import {
  actor,
  addSite,
  addWorkshop,
  asSite,
  deskWithClock,
  expectError,
  intake,
  move,
  rowCounts,
  screenLabour,
  screenPart,
} from '../../support/counter';

describe('moving an order through the workflow', () => {
  it('sends the device to a workshop, which holds it on arrival, and takes it back at the desk', async () => {
    const { desk } = deskWithClock();
    const workshop = addWorkshop(desk);
    const order = await intake(desk);

    const sent = (await expectOk(
      desk.call('sendToWorkshop', {
        orderId: order.id,
        workshopSiteId: workshop,
        reason: 'DDT 12',
      }),
    )) as OrderDetail;
    expect(sent).toMatchObject({
      status: 'in_transit_to_workshop',
      workshopSiteId: workshop,
      custodySiteId: desk.site.id,
    });
    const arrived = await move(desk, order.id, 'in_transit_to_workshop', 'at_workshop');
    expect(arrived.custodySiteId).toBe(workshop);
    // The workshop holds the device now: its diagnosis and repair are its own to record.
    const notHere = await expectError(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'at_workshop',
        to: 'diagnosed',
      }),
    );
    expect(notHere).toEqual({
      code: 'not_custodian',
      params: { holder: 'LAB1 — Laboratorio LAB1' },
    });
    await asSite(desk, workshop, async () => {
      await move(desk, order.id, 'at_workshop', 'diagnosed');
      await move(desk, order.id, 'diagnosed', 'in_repair');
      await move(desk, order.id, 'in_repair', 'repaired');
    });
    // Sending it back is the workshop's step too, not the counter's.
    const before = rowCounts(desk);
    const error = await expectError(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'repaired',
        to: 'in_transit_to_desk',
      }),
    );
    expect(error).toEqual({
      code: 'not_custodian',
      params: { holder: 'LAB1 — Laboratorio LAB1' },
    });
    expect(rowCounts(desk)).toEqual(before);
    // Its arrival at the counter is the counter's to record.
    const back = await move(desk, order.id, 'repaired', 'ready_for_pickup');
    expect(back.custodySiteId).toBe(desk.site.id);
    expect(back.events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, 'received'],
      ['received', 'in_transit_to_workshop'],
      ['in_transit_to_workshop', 'at_workshop'],
      ['at_workshop', 'diagnosed'],
      ['diagnosed', 'in_repair'],
      ['in_repair', 'repaired'],
      ['repaired', 'ready_for_pickup'],
    ]);
    expect(back.events[1]!.reason).toBe('DDT 12');
  });

  it('refuses a move the table does not allow, naming both statuses, and changes nothing', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const before = rowCounts(desk);
    const error = await expectError(
      desk.call('changeStatus', { orderId: order.id, expectedStatus: 'received', to: 'repaired' }),
    );
    expect(error).toEqual({
      code: 'illegal_transition',
      params: { from: 'received', to: 'repaired' },
    });
    expect(rowCounts(desk)).toEqual(before);
  });

  it('refuses a move made from a stale screen', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    await move(desk, order.id, 'received', 'diagnosed');
    const error = await expectError(
      desk.call('changeStatus', { orderId: order.id, expectedStatus: 'received', to: 'cancelled' }),
    );
    expect(error).toEqual({
      code: 'conflict',
      params: { expected: 'received', actual: 'diagnosed' },
    });
  });

  it('sends hand-over and approval through their own methods, and freezes a cancelled order', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const needsMethod = await expectError(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'received',
        to: 'handed_over',
      }),
    );
    expect(needsMethod).toEqual({
      code: 'transition_needs_method',
      params: { to: 'handed_over', method: 'handOver' },
    });
    const cancelled = await move(desk, order.id, 'received', 'cancelled');
    expect(cancelled.closedAt).toBeTypeOf('number');
    const error = await expectError(
      desk.call('saveEstimate', { orderId: order.id, lines: [screenLabour] }),
    );
    expect(error).toEqual({ code: 'order_closed', params: { status: 'cancelled' } });
  });

  it('will not dispatch to a site that is not a workshop', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const error = await expectError(
      desk.call('sendToWorkshop', { orderId: order.id, workshopSiteId: desk.site.id }),
    );
    expect(error.code).toBe('workshop_required');
  });

  it('records every print and every reminder in the history', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    await expectOk(
      desk.call('recordPrint', {
        orderId: order.id,
        document: 'intake_receipt',
        format: '80mm',
        language: 'it',
      }),
    );
    const after = (await expectOk(desk.call('getOrder', { id: order.id }))) as OrderDetail;
    expect(after.events.at(-1)).toMatchObject({
      kind: 'print',
      data: { document: 'intake_receipt', format: '80mm', language: 'it', copies: 1 },
    });
    // Browser mode only opens the PDF; the history says so rather than "printed".
    await expectOk(
      desk.call('recordPrint', {
        orderId: order.id,
        document: 'intake_receipt',
        format: 'a4',
        output: 'viewer',
      }),
    );
    const opened = (await expectOk(desk.call('getOrder', { id: order.id }))) as OrderDetail;
    expect(opened.events.at(-1)).toMatchObject({ data: { format: 'a4', output: 'viewer' } });
    expect(after.events.at(-1)?.data).not.toHaveProperty('output');
    const early = await expectError(
      desk.call('recordReminder', { orderId: order.id, channel: 'sms' }),
    );
    expect(early).toEqual({
      code: 'wrong_status',
      params: { status: 'received', expected: 'ready_for_pickup' },
    });
  });
});

/** This desk becomes a site of the given kind (the test desk starts as a reception desk). */
function deskAs(kind: SiteKind) {
  const { desk } = deskWithClock();
  desk.db.update(sites).set({ kind }).where(eq(sites.id, desk.site.id)).run();
  return desk;
}

/** An order as a pull brings it: taken in and held at another site, at the given status. */
async function heldAt(desk: Desk, holder: string, status: OrderStatus, workshopSiteId?: string) {
  const order = await intake(desk);
  desk.db
    .update(repairOrders)
    .set({ intakeSiteId: holder, custodySiteId: holder, status, workshopSiteId })
    .where(eq(repairOrders.id, order.id))
    .run();
  return order.id;
}

describe('only the site holding the device moves it', () => {
  it('the head office cannot send away or hand over a device on a reception desk’s shelf, and is told who holds it', async () => {
    const desk = deskAs('head_office');
    const rome = addSite(desk, 'RM01', 'reception', 'Sportello Roma');
    const workshop = addWorkshop(desk);
    const waiting = await heldAt(desk, rome, 'received');
    const ready = await heldAt(desk, rome, 'ready_for_pickup');
    const before = rowCounts(desk);

    const sent = await expectError(
      desk.call('sendToWorkshop', { orderId: waiting, workshopSiteId: workshop }),
    );
    expect(sent).toEqual({ code: 'not_custodian', params: { holder: 'RM01 — Sportello Roma' } });
    const handed = await expectError(
      desk.call('handOver', {
        orderId: ready,
        lines: [screenLabour],
        payments: [{ method: 'cash', amount: 4880 }],
        termsVersion: 'v1',
      }),
    );
    expect(handed.code).toBe('not_custodian');
    for (const to of ['at_workshop', 'ready_for_pickup'] as const) {
      const error = await expectError(
        desk.call('changeStatus', {
          orderId: waiting,
          expectedStatus: 'received',
          to,
          workshopSiteId: workshop,
        }),
      );
      expect(error.code).toBe('not_custodian');
    }
    expect(rowCounts(desk)).toEqual(before);

    // What does not move the device stays the head office's to do.
    expect((await move(desk, ready, 'ready_for_pickup', 'unclaimed')).custodySiteId).toBe(rome);
    expect((await move(desk, waiting, 'received', 'cancelled')).status).toBe('cancelled');
  });

  it('a workshop records the arrival of a device sent to it, and sends it back, but not one sent elsewhere', async () => {
    const desk = deskAs('workshop_own');
    const rome = addSite(desk, 'RM01', 'reception', 'Sportello Roma');
    const other = addWorkshop(desk, 'LAB2');
    const ours = await heldAt(desk, rome, 'in_transit_to_workshop', desk.site.id);
    const theirs = await heldAt(desk, rome, 'in_transit_to_workshop', other);

    const arrived = await move(desk, ours, 'in_transit_to_workshop', 'at_workshop');
    expect(arrived.custodySiteId).toBe(desk.site.id);
    const error = await expectError(
      desk.call('changeStatus', {
        orderId: theirs,
        expectedStatus: 'in_transit_to_workshop',
        to: 'at_workshop',
      }),
    );
    expect(error).toEqual({ code: 'not_custodian', params: { holder: 'RM01 — Sportello Roma' } });

    await move(desk, ours, 'at_workshop', 'unrepairable');
    // Ready for pickup puts the device on the counter's shelf: only the counter says so.
    const before = rowCounts(desk);
    const shelved = await expectError(
      desk.call('changeStatus', {
        orderId: ours,
        expectedStatus: 'unrepairable',
        to: 'ready_for_pickup',
      }),
    );
    expect(shelved.code).toBe('not_custodian');
    expect(rowCounts(desk)).toEqual(before);
    const back = await move(desk, ours, 'unrepairable', 'in_transit_to_desk');
    // On its way back the workshop still holds it, until the counter records the arrival.
    expect(back.custodySiteId).toBe(desk.site.id);
  });
});

describe('estimates and the customer’s answer', () => {
  it('prices the repair, waits for the answer, and records how, when and to whom it was given', async () => {
    const { desk, clock } = deskWithClock();
    const order = await intake(desk);
    await move(desk, order.id, 'received', 'diagnosed');
    const technician = actor(desk, 'technician');
    const estimate = (await expectOk(
      desk.call(
        'saveEstimate',
        {
          orderId: order.id,
          lines: [screenLabour, { ...screenPart, quantityMilli: 1500, unitPrice: 333 }],
        },
        technician,
      ),
    )) as Estimate;
    // 40.00 + 1.5 × 3.33 = 4.995 → 5.00; 45.00 net, 9.90 VAT.
    expect(estimate.totals).toMatchObject({ net: 4500, vat: 990, gross: 5490 });
    expect(estimate.state).toBe('pending');
    const waiting = (await expectOk(desk.call('getOrder', { id: order.id }))) as OrderDetail;
    expect(waiting.status).toBe('awaiting_approval');

    const tooEarly = await expectError(
      desk.call('recordApproval', {
        estimateId: estimate.id,
        decision: 'approved',
        via: 'phone',
        at: clock.now - 86_400_000,
      }),
    );
    expect(tooEarly.issues).toEqual([{ path: 'at', code: 'before_estimate' }]);
    clock.now += 60 * 60_000;
    // Typed in ten minutes after the call.
    const answeredAt = clock.now - 10 * 60_000;
    const answered = (await expectOk(
      desk.call('recordApproval', {
        estimateId: estimate.id,
        decision: 'declined',
        via: 'phone',
        at: answeredAt,
        note: 'Troppo caro, lo ritira',
      }),
    )) as Estimate;
    expect(answered).toMatchObject({
      state: 'declined',
      answeredVia: 'phone',
      answeredAt,
      answeredByName: 'Banco',
      note: 'Troppo caro, lo ritira',
    });
    const again = await expectError(
      desk.call('recordApproval', {
        estimateId: estimate.id,
        decision: 'approved',
        via: 'sms',
        at: clock.now,
      }),
    );
    expect(again).toEqual({ code: 'estimate_already_answered', params: { state: 'declined' } });
    const after = (await expectOk(desk.call('getOrder', { id: order.id }))) as OrderDetail;
    expect(after.status).toBe('declined');
  });

  it('offers the rates in force: Italy’s four', async () => {
    const { desk } = deskWithClock();
    const rates = (await expectOk(desk.call('getVatRates', {}))) as { rateBp: number }[];
    expect(rates.map((r) => r.rateBp).sort((a, b) => b - a)).toEqual([2200, 1000, 500, 400]);
  });
});
