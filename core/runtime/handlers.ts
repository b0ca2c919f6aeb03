import type { z } from 'zod';
import type { Contract, MethodName } from '../contract';
import type { MethodOutput } from '../contract/client';
import { searchCustomers } from '../customers/search';
import { createIntake } from '../orders/intake';
import { listOrders } from '../orders/list';
import { readOrderDetail } from '../orders/read';
import type { HandlerContext } from './context';

export type Handler<M extends MethodName> = (
  ctx: HandlerContext,
  input: z.output<Contract[M]['input']>,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** The one implementation of every contract method; IPC, HTTP and the CLI all call these. */
export const handlers: Handlers = {
  createIntake,
  listOrders: (ctx, input) => listOrders(ctx.db, input),
  getOrder: (ctx, input) => readOrderDetail(ctx.db, input),
  searchCustomers: (ctx, input) => searchCustomers(ctx.db, input.term, input.limit),
};
