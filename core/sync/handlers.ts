import type { syncMethods } from '../contract/sync';
import type { DomainHandlers } from '../runtime/handler-types';
import {
  enrolDeskFromApp,
  joinHeadOfficeFromApp,
  previewEnrolmentFromApp,
  reenrolDeskFromApp,
} from './enrol-from-app';
import { markRejectionHandled, markRejectionsHandled, readSyncStatus } from './status';

export const syncHandlers: DomainHandlers<typeof syncMethods> = {
  getSyncStatus: (ctx) => readSyncStatus(ctx.db),
  enrolDesk: enrolDeskFromApp,
  reenrolDesk: reenrolDeskFromApp,
  previewEnrolment: previewEnrolmentFromApp,
  joinHeadOffice: joinHeadOfficeFromApp,
  markRejectionHandled,
  markRejectionsHandled,
};
