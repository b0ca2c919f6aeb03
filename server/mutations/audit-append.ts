import type { z } from 'zod';
import { AuditAppendArgs, type AuditRow as AuditRowSchema } from '../../core/contract/mutations';
import { redact } from '../../core/privacy/erase';
import { readRecord } from '../records';
import { checkOwnRow, insertIfAbsent } from './order-move';
import { defineApplier } from './types';

type AuditRow = z.output<typeof AuditRowSchema>;

/** Audit rows go to the head office only: an empty site list reaches no other desk. */
const headOfficeOnly: string[] = [];

/**
 * The customer an audit row is about, where it records a change to one: `customer.update` and
 * `customer.erase` carry their arguments, the desk's own erasure entry names the customer.
 */
function customerOf(row: AuditRow): string | null {
  if (row.entity === 'customer') return row.entityId;
  if (!row.entity.startsWith('customer.')) return null;
  const id = row.after?.id ?? row.after?.customerId;
  return typeof id === 'string' ? id : null;
}

/**
 * `audit.append`: the desk's audit rows, appended once by id. A row about a customer erased
 * meanwhile (an edit made offline before the erasure, refused now, is still recorded) is kept
 * under the pseudonym: the erasure reaches every copy, and the head office's desk pulls these.
 */
export const auditAppend = defineApplier({
  args: AuditAppendArgs,
  reads: ({ rows }) => [
    ...rows.map((row) => ({ tbl: 'audit_log', id: row.id })),
    ...rows.flatMap((row) => {
      const customerId = customerOf(row);
      return customerId ? [{ tbl: 'customers', id: customerId }] : [];
    }),
  ],
  async apply(ctx, { rows }) {
    for (const row of rows) checkOwnRow(ctx, row, null, 'rows');
    for (const row of rows) {
      const customerId = customerOf(row);
      const customer = customerId ? await readRecord(ctx.tx, 'customers', customerId) : null;
      const data = customer?.data.erasedAt ? (redact(row, customerId!) as AuditRow) : row;
      await insertIfAbsent(ctx, { tbl: 'audit_log', data, sites: headOfficeOnly });
    }
  },
});
