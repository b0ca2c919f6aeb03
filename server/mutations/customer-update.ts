import { CustomerUpdateArgs } from '../../core/contract/mutations';
import { readRecord, writeRecord } from '../records';
import { canSee, defineApplier, Rejection } from './types';

/** `customer.update`: the changed fields, merged last-writer-wins per field in server order. */
export const customerUpdate = defineApplier({
  args: CustomerUpdateArgs,
  async apply(ctx, { id, changes, updatedAt }) {
    const found = await readRecord(ctx.tx, 'customers', id, { lock: true });
    if (!found) throw new Rejection('unknown_reference', { table: 'customers', id });
    if (!canSee(ctx.desk, found.sites) || ctx.desk.siteKind === 'workshop_partner')
      throw new Rejection('out_of_scope', { table: 'customers', id });
    // An erased customer stays erased: a late edit from an offline desk must not bring data back.
    if (found.data.erasedAt)
      throw new Rejection('conflict', { table: 'customers', id, reason: 'erased' });
    await writeRecord(ctx.tx, {
      tbl: 'customers',
      id,
      data: { ...changes, updatedAt },
      sites: found.sites,
      now: ctx.now,
    });
  },
});
