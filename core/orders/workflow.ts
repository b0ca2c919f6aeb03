/**
 * The repair workflow: every status an order can have and the transitions allowed between
 * them. The UI, the desk's handlers and the server all ask this table; nothing else decides.
 */
export const orderStatuses = [
  'received',
  'in_transit_to_workshop',
  'at_workshop',
  'diagnosed',
  'awaiting_approval',
  'approved',
  'declined',
  'awaiting_parts',
  'in_repair',
  'repaired',
  'in_transit_to_desk',
  'ready_for_pickup',
  'handed_over',
  'cancelled',
  'unrepairable',
  'unclaimed',
] as const;

export type OrderStatus = (typeof orderStatuses)[number];

/**
 * Cancelling closes an order with the device where it is, so it is offered only while the device
 * is still at the counter that took it in (`received`). Once it has left, a customer who withdraws
 * gets it back: from any workshop status (and from on the way there, a recall) the order goes back
 * to the counter, with the customer's words as the reason, and is handed over as usual.
 */
const returnSteps = ['in_transit_to_desk', 'ready_for_pickup'] as const;

const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  received: ['in_transit_to_workshop', 'at_workshop', 'diagnosed', 'ready_for_pickup', 'cancelled'],
  in_transit_to_workshop: ['at_workshop', 'ready_for_pickup'],
  at_workshop: ['diagnosed', 'unrepairable', ...returnSteps],
  diagnosed: ['awaiting_approval', 'awaiting_parts', 'in_repair', 'unrepairable', ...returnSteps],
  awaiting_approval: ['approved', 'declined', ...returnSteps],
  approved: ['awaiting_parts', 'in_repair', ...returnSteps],
  declined: [...returnSteps],
  awaiting_parts: ['in_repair', ...returnSteps],
  in_repair: ['repaired', 'awaiting_parts', 'unrepairable', ...returnSteps],
  repaired: [...returnSteps],
  unrepairable: [...returnSteps],
  in_transit_to_desk: ['ready_for_pickup'],
  ready_for_pickup: ['handed_over', 'unclaimed'],
  handed_over: [],
  cancelled: [],
  unclaimed: ['handed_over'],
};

/**
 * Steps that carry more than a reason: each is taken by its own desk method, which applies its
 * rules (the estimate's lines, the customer's answer, the hand-over's lines, payments and
 * warranty), and travels as its own mutation, which the server checks by the same rules. Any
 * other step is a plain status change (`changeStatus`, pushed as `order.status`).
 */
export const dedicatedSteps: Partial<Record<OrderStatus, { method: string; mutation: string }>> = {
  awaiting_approval: { method: 'saveEstimate', mutation: 'order.estimate' },
  approved: { method: 'recordApproval', mutation: 'order.approval' },
  declined: { method: 'recordApproval', mutation: 'order.approval' },
  handed_over: { method: 'handOver', mutation: 'order.handover' },
};

/** The mutation that carries a step to `to`: its own (`dedicatedSteps`) or `order.status`. */
export function stepMutation(to: OrderStatus): string {
  return dedicatedSteps[to]?.mutation ?? 'order.status';
}

/** Statuses from which an order never moves again. */
export const closedStatuses: readonly OrderStatus[] = orderStatuses.filter(
  (s) => transitions[s].length === 0,
);

export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return transitions[from];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

export function isClosed(status: OrderStatus): boolean {
  return closedStatuses.includes(status);
}

/** Statuses in which the device is at a workshop rather than at the desk. */
export const atWorkshopStatuses: readonly OrderStatus[] = [
  'at_workshop',
  'diagnosed',
  'awaiting_approval',
  'approved',
  'declined',
  'awaiting_parts',
  'in_repair',
  'repaired',
  'unrepairable',
];

/**
 * Statuses a device comes back from with its repair done or an answer recorded (`repaired`,
 * `declined`, `unrepairable`), or that it never left (`received`, a job done at the counter).
 */
const returnsWithOutcome: readonly OrderStatus[] = [
  'received',
  'repaired',
  'declined',
  'unrepairable',
  'in_transit_to_desk',
];

/**
 * Whether this step sends the device back because the customer withdrew: back towards the counter
 * from a status with no outcome yet. It needs a reason (the customer's words).
 */
export function isWithdrawal(from: OrderStatus, to: OrderStatus): boolean {
  return (
    (returnSteps as readonly OrderStatus[]).includes(to) &&
    !returnsWithOutcome.includes(from) &&
    canTransition(from, to)
  );
}

/**
 * Whether the device came back without its repair done: withdrawn, declined or unrepairable.
 * `events` are the order's status moves, oldest first; the last one that brought the device
 * back towards the counter decides. Such a hand-over gives no warranty on work not done.
 */
export function returnedUnrepaired(
  events: readonly { fromStatus: OrderStatus | null; toStatus: OrderStatus | null }[],
): boolean {
  const back = events.findLast(
    (e) =>
      e.fromStatus !== null &&
      e.fromStatus !== 'in_transit_to_desk' &&
      (e.toStatus === 'in_transit_to_desk' || e.toStatus === 'ready_for_pickup'),
  );
  return !!back && back.fromStatus !== 'received' && back.fromStatus !== 'repaired';
}
