import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Estimate } from '../../../core/contract/estimates';
import type { OrderDetail } from '../../../core/contract/orders';
import { orderEvents, repairOrders, warrantySlips } from '../../../core/db/schema';
import { movesDevice } from '../../../core/orders/custody';
import {
  allowedTransitions,
  canTransition,
  isClosed,
  isWithdrawal,
  orderStatuses,
  returnedUnrepaired,
  type OrderStatus,
} from '../../../core/orders/workflow';
import type { Desk } from '../../../core/runtime/desk';
import {
  addSite,
  addWorkshop,
  deskWithClock,
  intake,
  rowCounts,
  screenLabour,
  screenPart,
} from '../../support/counter';

const action = fc.record({
  order: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom(
    ...(['status', 'status', 'status', 'status', 'status', 'estimate', 'approval'] as const),
    ...(['handOver', 'handOver', 'cancel'] as const),
  ),
  // Mostly a move the table allows (so orders get far and close), sometimes any status at all.
  followTable: fc.boolean(),
  target: fc.nat(),
  staleScreen: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  approve: fc.boolean(),
  payExactly: fc.boolean(),
  // A move may carry a reason or not (a withdrawal needs one); a hand-over may bill with the
  // lines' warranty or none (a device back unrepaired gets none).
  withReason: fc.boolean(),
  noWarranty: fc.boolean(),
});
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

async function perform(desk: Desk, workshop: string, order: OrderDetail, a: Action) {
  const current = desk.db.select().from(repairOrders).where(eq(repairOrders.id, order.id)).get()!;
  const expectedStatus: OrderStatus = a.staleScreen ? 'received' : current.status;
  switch (a.kind) {
    case 'status': {
      // Cancelling has its own, rarer action: otherwise most orders die young.
      const allowed = allowedTransitions(current.status).filter((s) => s !== 'cancelled');
      const to =
        a.followTable && allowed.length
          ? allowed[a.target % allowed.length]!
          : orderStatuses[a.target % orderStatuses.length]!;
      return desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus,
        to,
        workshopSiteId: workshop,
        ...(a.withReason ? { reason: 'the customer phoned' } : {}),
      });
    }
    case 'cancel':
      return desk.call('changeStatus', { orderId: order.id, expectedStatus, to: 'cancelled' });
    case 'estimate':
      return desk.call('saveEstimate', { orderId: order.id, lines: [screenLabour, screenPart] });
    case 'approval': {
      const pending = (await desk.call('listEstimates', { orderId: order.id })) as {
        ok: true;
        value: Estimate[];
      };
      const estimate = pending.value.find((e) => e.state === 'pending');
      if (!estimate) return { ok: false };
      return desk.call('recordApproval', {
        estimateId: estimate.id,
        decision: a.approve ? 'approved' : 'declined',
        via: 'in_person',
        at: estimate.createdAt,
      });
    }
    case 'handOver':
      // 40.00 + 180.00 at 22 % = 268.40; paying 1 cent short must be refused.
      return desk.call('handOver', {
        orderId: order.id,
        expectedStatus,
        lines: [screenLabour, screenPart].map((line) =>
          a.noWarranty ? { ...line, warrantyMonths: 0 } : line,
        ),
        payments: [
          { method: 'card', amount: 20_000 },
          { method: 'cash', amount: a.payExactly ? 6840 : 6839 },
        ],
        termsVersion: 'v1',
      });
  }
}

function snapshot(desk: Desk, orderId: string) {
  return {
    order: desk.db.select().from(repairOrders).where(eq(repairOrders.id, orderId)).get(),
    events: desk.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).all(),
  };
}

describe('the workflow under any sequence of actions', () => {
  it('never changes a closed order, never records a move outside the table, never strands a device', async () => {
    const reached: OrderStatus[] = [];
    let withdrawn = 0;
    let unrepairedHandedOver = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: 80, size: 'max' }),
        async (actions) => {
          const { desk } = deskWithClock();
          const workshop = addWorkshop(desk);
          const orders = [await intake(desk), await intake(desk), await intake(desk)];
          const closedSnapshots = new Map<string, ReturnType<typeof snapshot>>();

          for (const a of actions) {
            const order = orders[a.order]!;
            const before = rowCounts(desk);
            const result = await perform(desk, workshop, order, a);
            if (!result.ok) expect(rowCounts(desk)).toEqual(before);
            for (const o of orders) {
              const now = snapshot(desk, o.id);
              const frozen = closedSnapshots.get(o.id);
              if (frozen) expect(now).toEqual(frozen);
              else if (isClosed(now.order!.status)) closedSnapshots.set(o.id, now);
            }
          }

          for (const o of orders) {
            const statusEvents = desk.db
              .select()
              .from(orderEvents)
              .where(eq(orderEvents.orderId, o.id))
              .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
              .all()
              .filter((e) => e.kind === 'status');
            expect(statusEvents[0]).toMatchObject({ fromStatus: null, toStatus: 'received' });
            for (let i = 1; i < statusEvents.length; i++) {
              const { fromStatus, toStatus } = statusEvents[i]!;
              expect(fromStatus).toBe(statusEvents[i - 1]!.toStatus);
              expect(canTransition(fromStatus!, toStatus!)).toBe(true);
            }
            const row = desk.db.select().from(repairOrders).where(eq(repairOrders.id, o.id)).get()!;
            expect(row.status).toBe(statusEvents.at(-1)!.toStatus);
            expect(row.closedAt !== null).toBe(isClosed(row.status));
            // No device is stranded: a closed order's device is with the customer (handed over)
            // or never left the counter that took it in (cancelled straight from `received`).
            if (row.status === 'cancelled') {
              expect(statusEvents.map((e) => e.toStatus)).toEqual(['received', 'cancelled']);
              expect(row.custodySiteId).toBe(row.intakeSiteId);
            } else if (isClosed(row.status)) expect(row.status).toBe('handed_over');
            // A withdrawal carries the customer's words; a device back unrepaired gets no slip.
            for (const e of statusEvents)
              if (isWithdrawal(e.fromStatus!, e.toStatus!)) {
                withdrawn++;
                expect(e.reason).toBeTruthy();
              }
            if (row.status === 'handed_over' && returnedUnrepaired(statusEvents)) {
              unrepairedHandedOver++;
              const slip = desk.db
                .select()
                .from(warrantySlips)
                .where(eq(warrantySlips.orderId, o.id))
                .get();
              expect(slip).toBeUndefined();
            }
          }
          reached.push(...orders.map((o) => snapshot(desk, o.id).order!.status));
          desk.close();
        },
      ),
      { numRuns: 60 },
    );
    // The runs must reach the interesting end states, or the property proves little.
    expect(reached).toContain('handed_over');
    expect(reached).toContain('cancelled');
    expect(withdrawn).toBeGreaterThan(5);
    expect(unrepairedHandedOver).toBeGreaterThan(0);
  }, 120_000);

  it('moves a device, or works on it, only at the hands of the site that holds it or receives it', async () => {
    // Before each action the order is where a pull may have left it: taken in here or in Rome,
    // held here, in Rome or at the workshop.
    const placed = fc.record({
      action,
      intake: fc.constantFrom('desk', 'rome'),
      holder: fc.constantFrom('desk', 'desk', 'rome', 'workshop'),
    });
    let moved = 0;
    let refused = 0;
    let worked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(placed, { minLength: 1, maxLength: 60, size: 'max' }),
        async (steps) => {
          const { desk } = deskWithClock();
          const workshop = addWorkshop(desk);
          const site = {
            desk: desk.site.id,
            rome: addSite(desk, 'RM01', 'reception', 'Roma'),
            workshop,
          };
          const orders = [await intake(desk), await intake(desk), await intake(desk)];
          for (const step of steps) {
            const order = orders[step.action.order]!;
            desk.db
              .update(repairOrders)
              .set({ intakeSiteId: site[step.intake], custodySiteId: site[step.holder] })
              .where(eq(repairOrders.id, order.id))
              .run();
            const before = snapshot(desk, order.id);
            const result = await perform(desk, workshop, order, step.action);
            const after = snapshot(desk, order.id);
            const to = after.order!.status;
            if (result.ok && to !== before.order!.status && movesDevice(to)) {
              moved++;
              expect([before.order!.custodySiteId, after.order!.custodySiteId]).toContain(
                site.desk,
              );
              // Only the counter puts a device on its shelf.
              if (to === 'ready_for_pickup') expect(before.order!.intakeSiteId).toBe(site.desk);
            }
            // Work on the device is the holder's; the customer's answer the intake desk's.
            if (result.ok && to !== before.order!.status && !movesDevice(to) && !isClosed(to)) {
              if (to === 'approved' || to === 'declined')
                expect(before.order!.intakeSiteId).toBe(site.desk);
              else if (to !== 'unclaimed') {
                worked++;
                expect(before.order!.custodySiteId).toBe(site.desk);
              }
            }
            if (!result.ok && 'error' in result && result.error.code === 'not_custodian') {
              refused++;
              expect(after).toEqual(before);
              // The counter that took the device in and holds it is never refused.
              expect([before.order!.custodySiteId, before.order!.intakeSiteId]).not.toEqual([
                site.desk,
                site.desk,
              ]);
            }
          }
          desk.close();
        },
      ),
      { numRuns: 50 },
    );
    // Both sides must happen often enough for the property to prove something.
    expect(moved).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
    expect(worked).toBeGreaterThan(10);
  }, 120_000);

  it('accepts split payments only when they add up to the cent', async () => {
    const { desk } = deskWithClock();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -2, max: 2 }),
        async (prices, deposit, weights, offByCents) => {
          const order = await intake(desk, { deposit });
          await desk.call('changeStatus', {
            orderId: order.id,
            expectedStatus: 'received',
            to: 'ready_for_pickup',
          });
          const lines = prices.map((unitPrice, i) => ({
            ...screenPart,
            unitPrice,
            vatRateBp: [2200, 1000, 500, 400][i % 4]!,
          }));
          // The amount due, computed independently: VAT per rate on the rate's total, half up.
          const netByRate = new Map<number, number>();
          for (const l of lines)
            netByRate.set(l.vatRateBp, (netByRate.get(l.vatRateBp) ?? 0) + l.unitPrice);
          let gross = 0;
          for (const [rate, net] of netByRate)
            gross += net + Math.floor((net * rate * 2 + 10_000) / 20_000);
          const due = gross - Math.min(deposit, gross);
          const total = weights.reduce((a, b) => a + b, 0);
          const parts = weights.map((w) => Math.floor((due * w) / total));
          parts[0]! += due - parts.reduce((a, b) => a + b, 0) + offByCents;
          const payments = parts
            .map((amount, i) => ({
              method: (['cash', 'card', 'bank_transfer'] as const)[i % 3],
              amount,
            }))
            .filter((p) => p.amount !== 0);
          const before = rowCounts(desk);
          const result = await desk.call('handOver', {
            orderId: order.id,
            lines,
            payments,
            termsVersion: 'v1',
          });
          if (offByCents === 0 && payments.every((p) => p.amount > 0)) {
            expect(result.ok).toBe(true);
          } else {
            expect(result.ok).toBe(false);
            expect(rowCounts(desk)).toEqual(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
