import type { auditMethods } from '../contract/audit';
import type { DomainHandlers } from '../runtime/handler-types';
import { exportAudit, listAudit } from './list';

export const auditHandlers: DomainHandlers<typeof auditMethods> = {
  listAudit,
  exportAudit,
};
