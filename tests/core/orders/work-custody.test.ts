import { describe, expect, it } from 'vitest';
import type { Estimate } from '../../../core/contract/estimates';
import { arrivesWhereSent, mayWorkOn } from '../../../core/orders/custody';
import { expectOk } from '../../support/desk';
import {
  addWorkshop,
  asSite,
  deskWithClock,
  expectError,
  intake,
  move,
  rowCounts,
  screenLabour,
} from '../../support/counter';

const order = { status: 'at_workshop', intakeSiteId: 'rome', custodySiteId: 'lab' } as const;

describe('work on a device is recorded where the device is', () => {
  it('is the holder’s; the customer’s answer the intake desk’s', () => {
    for (const to of [
      'diagnosed',
      'awaiting_approval',
      'awaiting_parts',
      'in_repair',
      'repaired',
      'unrepairable',
    ] as const) {
      expect(mayWorkOn('lab', order, to)).toBe(true);
      expect(mayWorkOn('rome', order, to)).toBe(false);
      expect(mayWorkOn('hq', order, to)).toBe(false);
    }
    for (const to of ['approved', 'declined'] as const) {
      // The workshop never talks to the customer (a partner has not even their name).
      expect(mayWorkOn('lab', order, to)).toBe(false);
      expect(mayWorkOn('rome', order, to)).toBe(true);
      expect(mayWorkOn('hq', order, to)).toBe(false);
    }
    // A counter repairing on its own bench holds the device.
    const bench = { status: 'received', intakeSiteId: 'rome', custodySiteId: 'rome' } as const;
    expect(mayWorkOn('rome', bench, 'diagnosed')).toBe(true);
    // Arrival is at the workshop the device was sent to.
    const sent = { ...bench, status: 'in_transit_to_workshop', workshopSiteId: 'lab' } as const;
    expect(arrivesWhereSent(sent, 'at_workshop', 'lab')).toBe(true);
    expect(arrivesWhereSent(sent, 'at_workshop', undefined)).toBe(true);
    expect(arrivesWhereSent(sent, 'at_workshop', 'lab2')).toBe(false);
  });

  it('refuses the counter the workshop’s diagnosis, estimate and repair, naming the holder; the counter records the answer', async () => {
    const { desk } = deskWithClock();
    const workshop = addWorkshop(desk);
    const o = await intake(desk);
    await expectOk(desk.call('sendToWorkshop', { orderId: o.id, workshopSiteId: workshop }));
    await move(desk, o.id, 'in_transit_to_workshop', 'at_workshop');

    const before = rowCounts(desk);
    for (const to of ['diagnosed', 'unrepairable'] as const) {
      const error = await expectError(
        desk.call('changeStatus', { orderId: o.id, expectedStatus: 'at_workshop', to }),
      );
      expect(error).toEqual({
        code: 'not_custodian',
        params: { holder: 'LAB1 — Laboratorio LAB1' },
      });
    }
    expect(rowCounts(desk)).toEqual(before);

    await asSite(desk, workshop, () => move(desk, o.id, 'at_workshop', 'diagnosed'));
    const estimate = await expectError(
      desk.call('saveEstimate', { orderId: o.id, lines: [screenLabour] }),
    );
    expect(estimate.code).toBe('not_custodian');
    expect(rowCounts(desk).estimates).toBe(before.estimates);
    const priced = (await asSite(desk, workshop, () =>
      expectOk(desk.call('saveEstimate', { orderId: o.id, lines: [screenLabour] })),
    )) as Estimate;

    // The counter talks to the customer: it records their answer.
    await expectOk(
      desk.call('recordApproval', {
        estimateId: priced.id,
        decision: 'approved',
        via: 'phone',
        at: priced.createdAt,
      }),
    );
    const repair = await expectError(
      desk.call('changeStatus', { orderId: o.id, expectedStatus: 'approved', to: 'in_repair' }),
    );
    expect(repair.code).toBe('not_custodian');
    await asSite(desk, workshop, () => move(desk, o.id, 'approved', 'in_repair'));
  });

  it('records an arrival only at the workshop the device was sent to', async () => {
    const { desk } = deskWithClock();
    const sentTo = addWorkshop(desk, 'LAB1');
    const other = addWorkshop(desk, 'LAB2');
    const o = await intake(desk);
    await expectOk(desk.call('sendToWorkshop', { orderId: o.id, workshopSiteId: sentTo }));
    const before = rowCounts(desk);
    const error = await expectError(
      desk.call('changeStatus', {
        orderId: o.id,
        expectedStatus: 'in_transit_to_workshop',
        to: 'at_workshop',
        workshopSiteId: other,
      }),
    );
    expect(error).toMatchObject({
      code: 'validation',
      issues: [{ path: 'workshopSiteId', code: 'not_sent_here' }],
    });
    expect(rowCounts(desk)).toEqual(before);
    const arrived = await expectOk(
      desk.call('changeStatus', {
        orderId: o.id,
        expectedStatus: 'in_transit_to_workshop',
        to: 'at_workshop',
        workshopSiteId: sentTo,
      }),
    );
    expect(arrived).toMatchObject({ custodySiteId: sentTo, workshopSiteId: sentTo });
  });
});
