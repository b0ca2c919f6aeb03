import type { orderMethods } from '../contract/orders';
import type { DomainHandlers } from '../runtime/handler-types';
import { createIntake } from './intake';
import { listOrders } from './list';
import { readOrderDetail } from './read';

export const orderHandlers: DomainHandlers<typeof orderMethods> = {
  createIntake,
  listOrders: (ctx, input) => listOrders(ctx.db, input),
  getOrder: (ctx, input) => readOrderDetail(ctx.db, input),
};
