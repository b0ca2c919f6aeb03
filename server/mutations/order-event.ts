import { attachmentKindOf } from '../../core/contract/attachments';
import { OrderAttachmentArgs, OrderEventArgs } from '../../core/contract/mutations';
import { readRecord } from '../records';
import { checkOwnRow, insertIfAbsent, lockOrderInScope } from './order-move';
import { defineApplier, orderSites, Rejection } from './types';

/** Events that only append history: a status change never travels as a bare event. */
const historyKinds = new Set(['print', 'note', 'reminder']);

/** `order.event`: a print, a reminder or a note in the order's history. */
export const orderEvent = defineApplier({
  args: OrderEventArgs,
  reads: ({ event }) => [
    { tbl: 'repair_orders', id: event.orderId, lock: true },
    { tbl: 'order_events', id: event.id },
  ],
  async apply(ctx, { event }) {
    const order = await lockOrderInScope(ctx, event.orderId);
    checkOwnRow(ctx, event, order.id, 'event');
    if (!historyKinds.has(event.kind)) throw new Rejection('validation', { field: 'event.kind' });
    await insertIfAbsent(ctx, {
      tbl: 'order_events',
      data: event,
      sites: orderSites(order),
      orderId: order.id,
    });
  },
});

/**
 * `order.attachment`: a photo's or a PDF document's row and its event; the bytes travel apart, by
 * hash. An attachment of an erased customer's order is refused: taken on a desk before the
 * erasure reached it, it would otherwise come back to every replica after the erasure removed
 * the others.
 */
export const orderAttachment = defineApplier({
  args: OrderAttachmentArgs,
  reads: ({ attachment, event }) => [
    { tbl: 'repair_orders', id: attachment.orderId, lock: true },
    { tbl: 'attachments', id: attachment.id },
    { tbl: 'order_events', id: event.id },
  ],
  async apply(ctx, { attachment, event }) {
    const order = await lockOrderInScope(ctx, attachment.orderId);
    // Unlocked: an erasure locks the order too, so one of the two waits for the other.
    const customer = await readRecord(ctx.tx, 'customers', order.customerId);
    if (customer?.data.erasedAt)
      throw new Rejection('conflict', {
        table: 'customers',
        id: order.customerId,
        reason: 'erased',
      });
    checkOwnRow(ctx, attachment, order.id, 'attachment');
    checkOwnRow(ctx, event, order.id, 'event');
    if (event.kind !== 'attachment') throw new Rejection('validation', { field: 'event.kind' });
    // Only what a desk keeps: a photo, or a PDF kept as a document (the desk sniffs the bytes).
    if (attachmentKindOf(attachment.mime) !== attachment.kind)
      throw new Rejection('validation', { field: 'attachment.mime' });
    const sites = orderSites(order);
    await insertIfAbsent(ctx, { tbl: 'attachments', data: attachment, sites, orderId: order.id });
    await insertIfAbsent(ctx, { tbl: 'order_events', data: event, sites, orderId: order.id });
  },
});
