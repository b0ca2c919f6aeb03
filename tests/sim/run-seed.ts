import fs from 'node:fs';
import { allowedTransitions, type OrderStatus } from '../../core/orders/workflow';
import { syncOnce } from '../../core/sync/sync-once';
import type { ServerDb } from '../../server/db/connection';
import { transitionOrder } from '../support/order-transition';
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

/** Moves one order a step along the workflow, as the desk holding it would. */
function stepOrder(random: Random, desk: SimDesk, workshopId: string): boolean {
  const orders = desk.ordersInCustody();
  if (!orders.length) return false;
  const order = random.pick(orders);
  const atWorkshop = desk.kind === 'workshop_own' || desk.kind === 'workshop_partner';
  const headOffice = desk.kind === 'head_office';
  const options = allowedTransitions(order.status as OrderStatus).filter((to) =>
    headOffice
      ? to === 'cancelled' || to === 'unclaimed' || to === 'handed_over'
      : atWorkshop
        ? to !== 'ready_for_pickup' && to !== 'handed_over'
        : to !== 'at_workshop' && to !== 'diagnosed',
  );
  if (!options.length) return false;
  const to = random.pick(options);
  const custody = headOffice
    ? undefined
    : to === 'in_transit_to_workshop'
      ? workshopId
      : to === 'in_transit_to_desk'
        ? order.intakeSiteId
        : undefined;
  transitionOrder(desk.desk, order.id, to, custody, desk.now());
  return true;
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
        if (stepOrder(random, desk, workshop.desk.site.id)) result.transitions++;
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
