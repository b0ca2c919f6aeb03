import { canTransition, type OrderStatus } from '../orders/workflow';
import type { SeededRandom } from './random';

export interface StatusStep {
  from: OrderStatus | null;
  to: OrderStatus;
  at: number;
}

const hour = 3_600_000;
const day = 24 * hour;

/**
 * Where an order usually goes next, with weights. Every edge here must be in the workflow
 * table (checked when the walk runs); the weights make the happy path the common one.
 */
const nextSteps: Partial<Record<OrderStatus, Partial<Record<OrderStatus, number>>>> = {
  received: {
    in_transit_to_workshop: 50,
    at_workshop: 30,
    diagnosed: 12,
    ready_for_pickup: 3,
    cancelled: 2,
  },
  // A customer who withdraws once the device has left gets it back (recalled, or returned).
  in_transit_to_workshop: { at_workshop: 99, ready_for_pickup: 1 },
  at_workshop: { diagnosed: 95, unrepairable: 4, in_transit_to_desk: 1 },
  diagnosed: {
    awaiting_approval: 45,
    in_repair: 35,
    awaiting_parts: 10,
    unrepairable: 6,
    in_transit_to_desk: 2,
  },
  awaiting_approval: { approved: 77, declined: 20, in_transit_to_desk: 3 },
  approved: { in_repair: 70, awaiting_parts: 30 },
  declined: { in_transit_to_desk: 55, ready_for_pickup: 45 },
  awaiting_parts: { in_repair: 98, in_transit_to_desk: 2 },
  in_repair: { repaired: 90, awaiting_parts: 4, unrepairable: 6 },
  repaired: { in_transit_to_desk: 55, ready_for_pickup: 45 },
  unrepairable: { in_transit_to_desk: 55, ready_for_pickup: 45 },
  in_transit_to_desk: { ready_for_pickup: 100 },
  ready_for_pickup: { handed_over: 97, unclaimed: 3 },
  unclaimed: { handed_over: 60 },
};

/** How long an order stays in a status before it moves on: [min, max] in hours. */
const dwellHours: Partial<Record<OrderStatus, [number, number]>> = {
  received: [1, 30],
  in_transit_to_workshop: [18, 72],
  at_workshop: [4, 48],
  diagnosed: [1, 24],
  awaiting_approval: [4, 96],
  approved: [1, 12],
  declined: [2, 24],
  awaiting_parts: [72, 480],
  in_repair: [4, 96],
  repaired: [1, 24],
  unrepairable: [2, 24],
  in_transit_to_desk: [18, 72],
  ready_for_pickup: [4, 240],
  unclaimed: [720, 2160],
};

/**
 * The status history of an order taken in at `intakeAt`, as it would have happened by `now`:
 * an order from months ago has usually been handed over, one from yesterday is still in work.
 */
export function demoLifecycle(random: SeededRandom, intakeAt: number, now: number): StatusStep[] {
  const steps: StatusStep[] = [{ from: null, to: 'received', at: intakeAt }];
  let status: OrderStatus = 'received';
  let at = intakeAt;
  for (let guard = 0; guard < 40; guard++) {
    const options: Partial<Record<OrderStatus, number>> | undefined = nextSteps[status];
    if (!options) break;
    // An unclaimed device sometimes stays unclaimed.
    const total = Object.values(options).reduce((s: number, w) => s + (w ?? 0), 0);
    if (status === 'unclaimed' && random.chance(1 - total / 100)) break;
    const next: OrderStatus = random.weighted(options);
    if (!canTransition(status, next))
      throw new Error(`seed walk ${status} → ${next} is not allowed`);
    const [min, max] = dwellHours[status] ?? [1, 24];
    at += Math.round((min + random.next() * (max - min)) * hour);
    if (at > now) break;
    steps.push({ from: status, to: next, at });
    status = next;
  }
  return steps;
}

export { day, hour };
