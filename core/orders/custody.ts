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
  // Ready for pickup puts the device on the counter's shelf: only the counter says it is there.
  // A workshop holding it sends it back (in transit to the desk); it cannot shelve it remotely.
  if (to === 'ready_for_pickup' && siteId !== order.intakeSiteId) return false;
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

/** Steps that record work on the device: only the site holding it records them. */
const workSteps: readonly OrderStatus[] = [
  'diagnosed',
  'awaiting_approval',
  'awaiting_parts',
  'in_repair',
  'repaired',
  'unrepairable',
];

/**
 * The customer's answer to an estimate: the counter that took the device in, which holds the
 * customer's details and talks to them (a partner workshop has neither: guarantee 3).
 */
const answerSteps: readonly OrderStatus[] = ['approved', 'declined'];

/**
 * Whether a desk of `siteId` may record the step as work on the device: diagnosis, estimate
 * (`awaiting_approval`), parts, repair and its outcome are the holder's — a counter repairing
 * on its own bench holds the device, so it keeps doing them; the answer to an estimate is the
 * intake desk's. Any other step is not work (`mayMoveDevice` decides moves).
 */
export function mayWorkOn(siteId: string, order: Custody, to: OrderStatus): boolean {
  if (workSteps.includes(to)) return siteId === order.custodySiteId;
  if (answerSteps.includes(to)) return siteId === order.intakeSiteId;
  return true;
}

/** Whether a desk of `siteId` may take the step at all: move the device, or work on it. */
export function mayTakeStep(siteId: string, order: Custody, to: OrderStatus): boolean {
  return mayMoveDevice(siteId, order, to) && mayWorkOn(siteId, order, to);
}

/**
 * Whether an arrival at a workshop names the one the device was sent to (or none): a device on
 * its way to one workshop arrives there; going elsewhere is a new dispatch.
 */
export function arrivesWhereSent(
  order: Custody,
  to: OrderStatus,
  workshopSiteId: string | null | undefined,
): boolean {
  if (to !== 'at_workshop' || !order.workshopSiteId || !workshopSiteId) return true;
  return workshopSiteId === order.workshopSiteId;
}
