import type { customerMethods } from '../contract/customers';
import type { DomainHandlers } from '../runtime/handler-types';
import { searchCustomers } from './search';

export const customerHandlers: DomainHandlers<typeof customerMethods> = {
  searchCustomers: (ctx, input) => searchCustomers(ctx.db, input.term, input.limit),
};
