import type { syncMethods } from '../contract/sync';
import type { DomainHandlers } from '../runtime/handler-types';
import { enrolDeskFromApp, joinHeadOfficeFromApp, reenrolDeskFromApp } from './enrol-from-app';
import { markRejectionHandled, markRejectionsHandled, readSyncStatus } from './status';

export const syncHandlers: DomainHandlers<typeof syncMethods> = {
  getSyncStatus: (ctx) => readSyncStatus(ctx.db),
  enrolDesk: enrolDeskFromApp,
  reenrolDesk: reenrolDeskFromApp,
  joinHeadOffice: joinHeadOfficeFromApp,
  markRejectionHandled,
  markRejectionsHandled,
};
