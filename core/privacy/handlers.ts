import type { privacyMethods } from '../contract/privacy';
import type { DomainHandlers } from '../runtime/handler-types';
import { eraseCustomer } from './erase';
import { exportCustomerData } from './export';

export const privacyHandlers: DomainHandlers<typeof privacyMethods> = {
  exportCustomerData: (ctx, input) => exportCustomerData(ctx.db, input.customerId, ctx.now()),
  eraseCustomer,
};
