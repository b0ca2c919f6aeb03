import type { Contract } from '../contract';
import { customerHandlers } from '../customers/handlers';
import { orderHandlers } from '../orders/handlers';
import { syncHandlers } from '../sync/handlers';
import type { DomainHandlers } from './handler-types';

export type Handlers = DomainHandlers<Contract>;

/** The one implementation of every contract method; IPC, HTTP and the CLI all call these. */
export const handlers: Handlers = {
  ...orderHandlers,
  ...customerHandlers,
  ...syncHandlers,
};
