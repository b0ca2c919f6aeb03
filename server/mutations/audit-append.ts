import { AuditAppendArgs } from '../../core/contract/mutations';
import { checkOwnRow, insertIfAbsent } from './order-move';
import { defineApplier } from './types';

/** Audit rows go to the head office only: an empty site list reaches no other desk. */
const headOfficeOnly: string[] = [];

/** `audit.append`: the desk's audit rows, appended once by id. */
export const auditAppend = defineApplier({
  args: AuditAppendArgs,
  reads: ({ rows }) => rows.map((row) => ({ tbl: 'audit_log', id: row.id })),
  async apply(ctx, { rows }) {
    for (const row of rows) checkOwnRow(ctx, row, null, 'rows');
    for (const row of rows)
      await insertIfAbsent(ctx, { tbl: 'audit_log', data: row, sites: headOfficeOnly });
  },
});
