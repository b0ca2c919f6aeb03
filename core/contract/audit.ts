import { z } from 'zod';
import { Id, IsoDate, PageInput, pageOf } from './common';
import { method } from './define';
import type { Role } from './roles';

const managersAndAdmins: readonly Role[] = ['manager', 'admin'];

export const AuditFilter = z.object({
  userId: Id.optional(),
  entity: z.string().trim().max(60).optional(),
  entityId: z.string().trim().max(80).optional(),
  action: z.string().trim().max(80).optional(),
  /** Inclusive calendar days in the desk site's timezone. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const AuditEntry = z.object({
  id: Id,
  at: z.int(),
  userId: z.string(),
  userName: z.string().nullable(),
  siteId: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditMethods = {
  listAudit: method({
    summary: 'The audit trail, newest first: who changed what, when, where, before and after.',
    kind: 'query',
    input: AuditFilter.extend({ page: PageInput.default({ offset: 0, limit: 50 }) }),
    output: pageOf(AuditEntry),
    roles: managersAndAdmins,
  }),
  exportAudit: method({
    summary: 'The filtered audit trail as a CSV file that opens in a spreadsheet.',
    kind: 'query',
    input: AuditFilter,
    output: z.object({
      fileName: z.string(),
      csv: z.string(),
      rows: z.int(),
      truncated: z.boolean(),
    }),
    roles: managersAndAdmins,
  }),
};
