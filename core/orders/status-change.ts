import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { DomainError, fieldError } from '../contract/errors';
import type { OrderDetail } from '../contract/orders';
import type { ChangeStatusInput } from '../contract/workflow';
import { sites } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { consumeOrderParts } from '../stock/ledger';
import { recordMutation, type Tx } from '../sync/outbox';
import { arrivesWhereSent } from './custody';
import { readOrderDetail } from './read';
import {
  applyTransition,
  checkCustody,
  checkTransition,
  loadOrder,
  type OrderRow,
  type TransitionOptions,
} from './transition';
import { dedicatedSteps, isWithdrawal, type OrderStatus } from './workflow';

type Input = z.output<typeof ChangeStatusInput>;

function workshopFor(tx: Tx, order: OrderRow, requested: string | undefined): string {
  const id = requested ?? order.workshopSiteId;
  if (!id) throw new DomainError('workshop_required');
  const site = tx.select({ kind: sites.kind }).from(sites).where(eq(sites.id, id)).get();
  if (!site || (site.kind !== 'workshop_own' && site.kind !== 'workshop_partner'))
    throw new DomainError('workshop_required', { siteId: id });
  return id;
}

/** Who holds the device after the move: it changes hands on arrival, not on dispatch. */
function custodyChanges(
  tx: Tx,
  order: OrderRow,
  to: OrderStatus,
  workshopSiteId: string | undefined,
): TransitionOptions['set'] {
  switch (to) {
    case 'in_transit_to_workshop':
      return { workshopSiteId: workshopFor(tx, order, workshopSiteId) };
    case 'at_workshop': {
      // A device on its way to one workshop arrives there: going elsewhere is a new dispatch.
      if (!arrivesWhereSent(order, to, workshopSiteId))
        throw fieldError('workshopSiteId', 'not_sent_here');
      const workshop = workshopFor(tx, order, workshopSiteId);
      return { workshopSiteId: workshop, custodySiteId: workshop };
    }
    case 'ready_for_pickup':
      return { custodySiteId: order.intakeSiteId };
    default:
      return {};
  }
}

export function changeStatus(ctx: HandlerContext, input: Input): OrderDetail {
  const method = dedicatedSteps[input.to]?.method;
  if (method) throw new DomainError('transition_needs_method', { to: input.to, method });
  ctx.db.transaction(
    (tx) => {
      const order = loadOrder(tx, input.orderId);
      // The table is checked first, so an illegal move says so even without a workshop.
      checkTransition(order, input.to, input.expectedStatus);
      checkCustody(tx, ctx, order, input.to);
      // A customer's withdrawal sends the device back: the customer's words say why.
      if (isWithdrawal(order.status, input.to) && !input.reason?.trim())
        throw fieldError('reason', 'required');
      const set = custodyChanges(tx, order, input.to, input.workshopSiteId);
      const change = applyTransition(tx, ctx, order, input.to, {
        expectedStatus: input.expectedStatus,
        reason: input.reason,
        set,
      });
      // The parts the repair used leave this site's stock with the move that says it is done.
      const stock = input.to === 'repaired' ? consumeOrderParts(tx, ctx, order.id) : [];
      recordMutation(tx, ctx, 'order.status', stock.length ? { ...change, stock } : change);
    },
    { behavior: 'immediate' },
  );
  return readOrderDetail(ctx.db, { id: input.orderId });
}
