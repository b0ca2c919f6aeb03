import { CustomerEraseArgs } from '../../core/contract/mutations';
import { erasedCustomerFields, redact } from '../../core/privacy/erase';
import { logChange, readRecord, writeRecord, type RecordData } from '../records';
import { canSee, defineApplier, Rejection, type ApplyContext } from './types';

interface Row {
  id: string;
  data: RecordData;
  sites: string[] | null;
}

async function rowsWhere(ctx: ApplyContext, tbl: string, field: string, ids: string[]) {
  if (!ids.length) return [];
  return ctx.tx.query<Row>(
    `SELECT id, data, sites FROM records WHERE tbl = $1 AND data->>'${field}' = ANY($2::text::text[]) FOR UPDATE`,
    [tbl, `{${ids.join(',')}}`],
  );
}

/**
 * `customer.erase`: the server pseudonymises the customer as the desk did (core/privacy/erase.ts)
 * and every replica follows through the change log: the customer, device and order rows arrive
 * redacted, photo rows are deleted everywhere (their bytes on the server a day later, by the
 * sweep of unnamed blobs), and the head office's audit copies are redacted.
 */
export const customerErase = defineApplier({
  args: CustomerEraseArgs,
  async apply(ctx, { customerId, erasedAt }) {
    const found = await readRecord(ctx.tx, 'customers', customerId, { lock: true });
    if (!found) throw new Rejection('unknown_reference', { table: 'customers', id: customerId });
    if (!canSee(ctx.desk, found.sites) || ctx.desk.siteKind === 'workshop_partner')
      throw new Rejection('out_of_scope', { table: 'customers', id: customerId });
    // Erased twice (two desks at once) is still erased once: the first pseudonym stands.
    if (found.data.erasedAt) return;

    const write = (tbl: string, row: Row, data: RecordData, orderId?: string) =>
      writeRecord(ctx.tx, {
        tbl,
        id: row.id,
        data,
        sites: row.sites,
        now: ctx.now,
        ...(orderId ? { orderId } : {}),
      });
    await write(
      'customers',
      { id: customerId, ...found },
      { ...erasedCustomerFields(customerId), erasedAt, updatedAt: erasedAt },
    );
    for (const device of await rowsWhere(ctx, 'devices', 'customerId', [customerId]))
      await write('devices', device, { proofOfPurchase: null, updatedAt: erasedAt });
    const orders = await rowsWhere(ctx, 'repair_orders', 'customerId', [customerId]);
    for (const order of orders)
      await write('repair_orders', order, { unlockSecret: null, updatedAt: erasedAt }, order.id);
    const photos = await rowsWhere(
      ctx,
      'attachments',
      'orderId',
      orders.map((o) => o.id),
    );
    for (const photo of photos) {
      await ctx.tx.query(`DELETE FROM records WHERE tbl = 'attachments' AND id = $1`, [photo.id]);
      await logChange(ctx.tx, 'attachments', photo.id, 'delete', photo.sites);
    }
    // Their bytes are left to the sweep of blobs no attachment names (a day): deleted here, a
    // desk that had just been told the server holds the same picture, and pushed its own photo
    // of it, would leave that photo's row without bytes for good (simulator seed 781292617).
    const audited = await ctx.tx.query<Row>(
      `SELECT id, data, sites FROM records WHERE tbl = 'audit_log' AND data::text LIKE $1 FOR UPDATE`,
      [`%${customerId}%`],
    );
    for (const row of audited)
      await ctx.tx.query(`UPDATE records SET data = $3::text::jsonb WHERE tbl = $1 AND id = $2`, [
        'audit_log',
        row.id,
        JSON.stringify(redact(row.data, customerId)),
      ]);
    for (const row of audited) await logChange(ctx.tx, 'audit_log', row.id, 'upsert', row.sites);
  },
});
