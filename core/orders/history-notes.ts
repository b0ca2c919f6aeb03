import type { z } from 'zod';
import { DomainError } from '../contract/errors';
import type { workflowMethods } from '../contract/workflow';
import type { HandlerContext } from '../runtime/context';
import { recordMutation } from '../sync/outbox';
import { appendEvent, loadOrder } from './transition';

type PrintInput = z.output<(typeof workflowMethods)['recordPrint']['input']>;
type ReminderInput = z.output<(typeof workflowMethods)['recordReminder']['input']>;

/** Every print lands in the order's history; reprints of closed orders too. */
export function recordPrint(ctx: HandlerContext, input: PrintInput): { eventId: string } {
  return ctx.db.transaction(
    (tx) => {
      loadOrder(tx, input.orderId);
      const { orderId, ...data } = input;
      const event = appendEvent(tx, ctx, orderId, 'print', { data });
      recordMutation(tx, ctx, 'order.event', { event });
      return { eventId: event.id! };
    },
    { behavior: 'immediate' },
  );
}

/** A reminder to collect only makes sense while the device waits at the desk. */
export function recordReminder(ctx: HandlerContext, input: ReminderInput): { eventId: string } {
  return ctx.db.transaction(
    (tx) => {
      const order = loadOrder(tx, input.orderId);
      if (order.status !== 'ready_for_pickup' && order.status !== 'unclaimed')
        throw new DomainError('wrong_status', {
          status: order.status,
          expected: 'ready_for_pickup',
        });
      const event = appendEvent(tx, ctx, order.id, 'reminder', {
        reason: input.note ?? null,
        data: { channel: input.channel },
      });
      recordMutation(tx, ctx, 'order.event', { event });
      return { eventId: event.id! };
    },
    { behavior: 'immediate' },
  );
}
