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

const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  received: ['in_transit_to_workshop', 'at_workshop', 'diagnosed', 'ready_for_pickup', 'cancelled'],
  in_transit_to_workshop: ['at_workshop', 'cancelled'],
  at_workshop: ['diagnosed', 'unrepairable', 'cancelled'],
  diagnosed: ['awaiting_approval', 'awaiting_parts', 'in_repair', 'unrepairable', 'cancelled'],
  awaiting_approval: ['approved', 'declined', 'cancelled'],
  approved: ['awaiting_parts', 'in_repair'],
  declined: ['in_transit_to_desk', 'ready_for_pickup'],
  awaiting_parts: ['in_repair', 'cancelled'],
  in_repair: ['repaired', 'awaiting_parts', 'unrepairable'],
  repaired: ['in_transit_to_desk', 'ready_for_pickup'],
  unrepairable: ['in_transit_to_desk', 'ready_for_pickup'],
  in_transit_to_desk: ['ready_for_pickup'],
  ready_for_pickup: ['handed_over', 'unclaimed'],
  handed_over: [],
  cancelled: [],
  unclaimed: ['handed_over'],
};

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
