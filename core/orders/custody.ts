import { atWorkshopStatuses, type OrderStatus } from './workflow';

/**
 * Who may move the device. A step that sends it off, hands it to a workshop or back to the
 * counter, or gives it to the customer is recorded by the site that holds it (the order's
 * custody site, which changes on arrival, not on dispatch); the site a device travels to may
 * also record its arrival. Steps that do not move it (diagnosis, estimate, cancel, unclaimed…)
 * are not custody steps. Pure: the order screen, the desk's handlers and the server ask it.
 */
export interface Custody {
  status: OrderStatus;
  intakeSiteId: string;
  custodySiteId: string;
  workshopSiteId?: string | null | undefined;
}

const deviceMoves: readonly OrderStatus[] = [
  'in_transit_to_workshop',
  'at_workshop',
  'in_transit_to_desk',
  'ready_for_pickup',
  'handed_over',
];

/** Whether moving the order to `to` moves the device from one pair of hands to another. */
export function movesDevice(to: OrderStatus): boolean {
  return deviceMoves.includes(to);
}

/** The site the device arrives at with this step, which may record the arrival itself. */
function arrivingAt(order: Custody, to: OrderStatus): string | null {
  if (to === 'at_workshop' && order.status === 'in_transit_to_workshop')
    return order.workshopSiteId ?? null;
  if (
    to === 'ready_for_pickup' &&
    (order.status === 'in_transit_to_desk' || atWorkshopStatuses.includes(order.status))
  )
    return order.intakeSiteId;
  return null;
}

/** Whether a desk of `siteId` may move the order to `to`: always, unless the step moves the device. */
export function mayMoveDevice(siteId: string, order: Custody, to: OrderStatus): boolean {
  if (!movesDevice(to)) return true;
  return siteId === order.custodySiteId || siteId === arrivingAt(order, to);
}

/** Who holds the device after the step: it changes hands on arrival, not on dispatch. */
export function custodyAfter(
  order: Custody,
  to: OrderStatus,
  workshopSiteId: string | null | undefined,
): string {
  if (to === 'at_workshop') return workshopSiteId ?? order.workshopSiteId ?? order.custodySiteId;
  if (to === 'ready_for_pickup') return order.intakeSiteId;
  return order.custodySiteId;
}
