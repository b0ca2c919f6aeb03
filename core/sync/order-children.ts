import {
  attachments,
  estimates,
  orderEvents,
  orderLines,
  transferItems,
  warrantySlips,
} from '../db/schema';

/** Rows that hang off an order and leave with it when the order leaves this desk's scope. */
export const orderChildren = [
  orderEvents,
  orderLines,
  estimates,
  attachments,
  warrantySlips,
  transferItems,
];
