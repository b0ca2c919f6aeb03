import fs from 'node:fs';
import { allowedTransitions, type OrderStatus } from '../../core/orders/workflow';
import { syncOnce } from '../../core/sync/sync-once';
import type { ServerDb } from '../../server/db/connection';
import { and, eq } from 'drizzle-orm';
import { estimates } from '../../core/db/schema';
import { emptyServerDb } from '../support/sync-server';
import { checkInvariants } from './invariants';
import { allFaults, noFaults } from './network';
import { Random } from './random';
import { buildWorld, type SimDesk } from './world';

export interface SimOptions {
  seed: number;
  ops: number;
}

export interface SimResult {
  seed: number;
  intakes: number;
  transitions: number;
  syncs: number;
  crashes: number;
  accepted: number;
  rejected: number;
}

const names = ['Giulia Bianchi', 'Marco Rossi', 'Анна Иванова', 'Luca Verdi', 'Sara Neri'];

export function replayCommand(options: SimOptions): string {
  return `npm run sim -- --seed ${options.seed} --ops ${options.ops}`;
}

const repairLine = {
  kind: 'labour' as const,
  description: 'Riparazione',
  quantityMilli: 1000,
  unitPrice: 5000,
  vatRateBp: 2200,
  warrantyMonths: 3,
};

/** The desk's own call for a move: the same handlers the counter uses, so the same outbox. */
function callFor(
  desk: SimDesk,
  order: { id: string; status: string },
  to: OrderStatus,
  workshopId: string,
) {
  const orderId = order.id;
  switch (to) {
    case 'awaiting_approval':
      return desk.desk.call('saveEstimate', { orderId, lines: [repairLine] });
    case 'approved':
    case 'declined': {
      const pending = desk.desk.db
        .select({ id: estimates.id })
        .from(estimates)
        .where(and(eq(estimates.orderId, orderId), eq(estimates.state, 'pending')))
        .get();
      if (!pending) return null;
      return desk.desk.call('recordApproval', {
        estimateId: pending.id,
        decision: to,
        via: 'phone',
        at: desk.now(),
      });
    }
    case 'handed_over':
      return desk.desk.call('handOver', {
        orderId,
        expectedStatus: order.status,
        lines: [],
        payments: [],
        termsVersion: 'IT-warranty-2026-01',
      });
    default:
      return desk.desk.call('changeStatus', {
        orderId,
        expectedStatus: order.status,
        to,
        reason: `to ${to}`,
        ...(to === 'in_transit_to_workshop' || to === 'at_workshop'
          ? { workshopSiteId: workshopId }
          : {}),
      });
  }
}

/**
 * Moves one order a step along the workflow through the desk's real handlers. The reception
 * desk records the arrival at the workshop (custody moves then), the workshop repairs, the
 * reception takes the device back; the head office steps in to close or cancel.
 */
async function stepOrder(random: Random, desk: SimDesk, workshopId: string): Promise<boolean> {
  const orders = desk.ordersInScope();
  if (!orders.length) return false;
  const order = random.pick(orders);
  const atWorkshop = desk.kind === 'workshop_own' || desk.kind === 'workshop_partner';
  const headOffice = desk.kind === 'head_office';
  const options = allowedTransitions(order.status as OrderStatus).filter((to) =>
    headOffice
      ? to === 'cancelled' || to === 'unclaimed' || to === 'handed_over'
      : atWorkshop
        ? to !== 'ready_for_pickup' && to !== 'handed_over'
        : to !== 'diagnosed',
  );
  if (!options.length) return false;
  const outcome = await callFor(desk, order, random.pick(options), workshopId);
  // A refusal here is the desk's own rule (the order moved under it): nothing was queued.
  return outcome?.ok ?? false;
}

export async function runSeed(instances: ServerDb[], options: SimOptions): Promise<SimResult> {
  const db = instances[0]!;
  await emptyServerDb(db);
  const random = new Random(options.seed);
  const clock = { now: 1_780_000_000_000 + random.int(1e9) };
  const skew = () => (random.chance(0.3) ? random.int(4 * 3600_000) - 2 * 3600_000 : 0);
  const { desks, root } = await buildWorld(
    instances,
    random,
    [
      { code: 'R1', kind: 'reception', skewMs: skew() },
      { code: 'R2', kind: 'reception', skewMs: skew() },
      {
        code: 'W1',
        kind: random.chance(0.5) ? 'workshop_partner' : 'workshop_own',
        skewMs: skew(),
      },
      { code: 'HQ', kind: 'head_office', skewMs: skew() },
    ],
    clock,
  );
  const result: SimResult = {
    seed: options.seed,
    intakes: 0,
    transitions: 0,
    syncs: 0,
    crashes: 0,
    accepted: 0,
    rejected: 0,
  };
  try {
    const workshop = desks.find((d) => d.code === 'W1')!;
    for (const desk of desks) {
      desk.link.faults = noFaults;
      await syncOnce(desk.desk, desk.link);
      desk.link.faults = allFaults;
    }
    const receptions = desks.filter((d) => d.kind === 'reception');
    for (let op = 0; op < options.ops; op++) {
      clock.now += 1 + random.int(60_000);
      const roll = random.next();
      const desk = random.pick(desks);
      // The head office steps in rarely, so its moves sometimes race the desks' (stale transitions).
      if (desk.kind === 'head_office' && roll >= 0.3 && roll < 0.55 && random.chance(0.7)) continue;
      if (roll < 0.3) {
        const at = random.pick(receptions);
        const phone = `+39 347 ${String(1000000 + random.int(8999999))}`;
        const outcome = await at.desk.call('createIntake', {
          customer: { mode: 'new', name: random.pick(names), phone },
          device: {
            mode: 'new',
            category: 'phone',
            brand: 'Apple',
            model: `iPhone ${random.int(16)}`,
          },
          complaint: `Guasto ${op}`,
        });
        if (!outcome.ok) throw new Error(`intake failed: ${JSON.stringify(outcome.error)}`);
        result.intakes++;
        at.collect();
      } else if (roll < 0.55) {
        if (await stepOrder(random, desk, workshop.desk.site.id)) result.transitions++;
        desk.collect();
      } else if (roll < 0.88) {
        await syncOnce(desk.desk, desk.link, {
          pageSize: 1 + random.int(40),
          now: () => clock.now,
        });
        result.syncs++;
      } else if (roll < 0.95) {
        desk.restart();
        result.crashes++;
      } else {
        desk.link.partitioned = !desk.link.partitioned;
      }
    }
    // The quiet period: the network heals and every desk syncs until nothing moves.
    for (const desk of desks) {
      desk.link.faults = noFaults;
      desk.link.partitioned = false;
    }
    for (let round = 0; round < 3; round++)
      for (const desk of desks) await syncOnce(desk.desk, desk.link, { now: () => clock.now });
    const counts = await checkInvariants(db, desks);
    result.accepted = counts.accepted;
    result.rejected = counts.rejected;
    return result;
  } catch (error) {
    (error as Error).message += `\n  replay: ${replayCommand(options)}`;
    throw error;
  } finally {
    for (const desk of desks) desk.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
