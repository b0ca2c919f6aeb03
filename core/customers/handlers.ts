import type { customerMethods } from '../contract/customers';
import type { DomainHandlers } from '../runtime/handler-types';
import { findLikelyDuplicates } from './duplicates';
import { readCustomer, updateCustomer } from './profile';
import { searchCustomers } from './search';

export const customerHandlers: DomainHandlers<typeof customerMethods> = {
  searchCustomers: (ctx, input) => searchCustomers(ctx.db, input.term, input.limit),
  findLikelyDuplicates,
  getCustomer: (ctx, input) => readCustomer(ctx.db, input.id),
  updateCustomer,
};
