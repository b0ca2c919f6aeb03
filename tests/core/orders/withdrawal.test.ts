import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import { repairOrders, warrantySlips } from '../../../core/db/schema';
import {
  allowedTransitions,
  atWorkshopStatuses,
  isWithdrawal,
  returnedUnrepaired,
} from '../../../core/orders/workflow';
import { expectOk } from '../../support/desk';
import {
  addWorkshop,
  deskWithClock,
  expectError,
  handOver,
  intake,
  move,
  rowCounts,
  screenLabour,
} from '../../support/counter';

describe('a customer who withdraws', () => {
  it('may cancel only while the device is still at the counter that took it in', () => {
    for (const status of [...atWorkshopStatuses, 'in_transit_to_workshop'] as const)
      expect(allowedTransitions(status)).not.toContain('cancelled');
    expect(allowedTransitions('received')).toContain('cancelled');
    // Everywhere the device is away with no outcome yet, it can be sent back or taken back.
    for (const status of [
      'at_workshop',
      'diagnosed',
      'awaiting_approval',
      'approved',
      'awaiting_parts',
      'in_repair',
    ] as const) {
      expect(isWithdrawal(status, 'in_transit_to_desk')).toBe(true);
      expect(isWithdrawal(status, 'ready_for_pickup')).toBe(true);
    }
    expect(isWithdrawal('in_transit_to_workshop', 'ready_for_pickup')).toBe(true);
    // A repair done, an estimate declined, an unrepairable device come back with their outcome.
    for (const status of ['repaired', 'declined', 'unrepairable', 'received'] as const)
      expect(isWithdrawal(status, 'ready_for_pickup')).toBe(false);
  });

  it('is refused a cancel once the device is at the workshop, and gets it back with a reason instead', async () => {
    const { desk } = deskWithClock();
    const workshop = addWorkshop(desk);
    const order = await intake(desk, { diagnosisFee: 2500 });
    await expectOk(desk.call('sendToWorkshop', { orderId: order.id, workshopSiteId: workshop }));
    await move(desk, order.id, 'in_transit_to_workshop', 'at_workshop');

    const before = rowCounts(desk);
    const cancel = await expectError(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'at_workshop',
        to: 'cancelled',
      }),
    );
    expect(cancel).toEqual({
      code: 'illegal_transition',
      params: { from: 'at_workshop', to: 'cancelled' },
    });
    // The customer's words are required: a blank reason changes nothing.
    const blank = await expectError(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'at_workshop',
        to: 'ready_for_pickup',
        reason: '   ',
      }),
    );
    expect(blank).toMatchObject({
      code: 'validation',
      issues: [{ path: 'reason', code: 'required' }],
    });
    expect(rowCounts(desk)).toEqual(before);

    const back = (await expectOk(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'at_workshop',
        to: 'ready_for_pickup',
        reason: 'Customer phoned: will buy a new one',
      }),
    )) as OrderDetail;
    expect(back).toMatchObject({ status: 'ready_for_pickup', custodySiteId: desk.site.id });
    expect(back.events.at(-1)).toMatchObject({
      fromStatus: 'at_workshop',
      toStatus: 'ready_for_pickup',
      reason: 'Customer phoned: will buy a new one',
    });
    expect(returnedUnrepaired(back.events)).toBe(true);

    // Handed over as usual: a diagnosis fee may be billed, but no warranty on work not done.
    const withWarranty = await expectError(
      desk.call('handOver', {
        orderId: order.id,
        lines: [{ ...screenLabour, description: 'Diagnosi', unitPrice: 2500 }],
        payments: [{ method: 'cash', amount: 3050 }],
        termsVersion: 'v1',
      }),
    );
    expect(withWarranty).toMatchObject({
      code: 'validation',
      issues: [{ path: 'lines.0.warrantyMonths', code: 'no_repair_no_warranty' }],
    });
    const handed = await handOver(desk, {
      orderId: order.id,
      lines: [{ ...screenLabour, description: 'Diagnosi', unitPrice: 2500, warrantyMonths: 0 }],
      payments: [{ method: 'cash', amount: 3050 }],
      termsVersion: 'v1',
    });
    expect(handed).toMatchObject({ status: 'handed_over', slip: null, amountDue: 3050 });
    expect(
      desk.db.select().from(warrantySlips).where(eq(warrantySlips.orderId, order.id)).all(),
    ).toEqual([]);
  });

  it('recalls a device still on its way to the workshop', async () => {
    const { desk } = deskWithClock();
    const workshop = addWorkshop(desk);
    const order = await intake(desk);
    await expectOk(desk.call('sendToWorkshop', { orderId: order.id, workshopSiteId: workshop }));
    const back = await move(desk, order.id, 'in_transit_to_workshop', 'ready_for_pickup');
    expect(back).toMatchObject({ status: 'ready_for_pickup', custodySiteId: desk.site.id });
    // Nothing done, nothing billed: handed over with no lines and no slip.
    const handed = await handOver(desk, {
      orderId: order.id,
      lines: [],
      payments: [],
      termsVersion: 'v1',
    });
    expect(handed).toMatchObject({ status: 'handed_over', slip: null });
  });

  it('leaves a repair done at the counter, straight to pickup, with its warranty', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    await move(desk, order.id, 'received', 'ready_for_pickup');
    const handed = await handOver(desk, {
      orderId: order.id,
      lines: [screenLabour],
      payments: [{ method: 'cash', amount: 4880 }],
      termsVersion: 'v1',
    });
    expect(handed.slip).not.toBeNull();
    const row = desk.db.select().from(repairOrders).where(eq(repairOrders.id, order.id)).get();
    expect(row?.status).toBe('handed_over');
  });
});
