import type { z } from 'zod';
import {
  PartCreateArgs,
  PartUpdateArgs,
  StockMoveArgs,
  type StockMovementRow,
} from '../../core/contract/mutations';
import { readRecord, writeRecord } from '../records';
import { checkOwnRow, insertIfAbsent } from './order-move';
import { defineApplier, Rejection, type ApplyContext } from './types';

type Movement = z.output<typeof StockMovementRow>;

/** The catalogue is reference data (sites null): the head office keeps it, every desk receives it. */
function checkHeadOffice(ctx: ApplyContext): void {
  if (ctx.desk.siteKind !== 'head_office')
    throw new Rejection('out_of_scope', { table: 'parts', reason: 'head_office_only' });
}

async function checkSkuFree(ctx: ApplyContext, sku: string, id: string): Promise<void> {
  const taken = await ctx.tx.query(
    `SELECT 1 FROM records WHERE tbl = 'parts' AND data->>'sku' = $1 AND id <> $2`,
    [sku, id],
  );
  if (taken.length) throw new Rejection('conflict', { table: 'parts', field: 'sku' });
}

/** `part.create`: a new part of the catalogue. */
export const partCreate = defineApplier({
  args: PartCreateArgs,
  reads: ({ part }) => [{ tbl: 'parts', id: part.id }],
  async apply(ctx, { part }) {
    checkHeadOffice(ctx);
    if (part.originSiteId !== ctx.desk.siteId)
      throw new Rejection('out_of_scope', { field: 'originSiteId' });
    if (await readRecord(ctx.tx, 'parts', part.id))
      throw new Rejection('conflict', { table: 'parts', id: part.id });
    await checkSkuFree(ctx, part.sku, part.id);
    await writeRecord(ctx.tx, { tbl: 'parts', id: part.id, data: part, sites: null, now: ctx.now });
  },
});

/** `part.update`: changed fields, last writer wins per field in the server's order. */
export const partUpdate = defineApplier({
  args: PartUpdateArgs,
  reads: ({ id }) => [{ tbl: 'parts', id, lock: true }],
  async apply(ctx, { id, patch }) {
    checkHeadOffice(ctx);
    if (!(await readRecord(ctx.tx, 'parts', id, { lock: true })))
      throw new Rejection('unknown_reference', { table: 'parts', id });
    if (patch.sku !== undefined) await checkSkuFree(ctx, patch.sku, id);
    await writeRecord(ctx.tx, { tbl: 'parts', id, data: patch, sites: null, now: ctx.now });
  },
});

/**
 * Appends movements to the pushing desk's own ledger. They are the site's (`sites` = that site:
 * the head office sees every site's), never the order's: an order's rows follow its custody,
 * while what a workshop took from its shelf stays in the workshop's books.
 */
export async function appendMovements(
  ctx: ApplyContext,
  movements: readonly Movement[],
  field: string,
): Promise<void> {
  for (const movement of movements) {
    checkOwnRow(ctx, movement, null, field);
    if (movement.userId !== ctx.mutation.userId) throw new Rejection('validation', { field });
    if (!(await readRecord(ctx.tx, 'parts', movement.partId)))
      throw new Rejection('unknown_reference', { table: 'parts', id: movement.partId });
    await insertIfAbsent(ctx, { tbl: 'stock_movements', data: movement, sites: [movement.siteId] });
  }
}

/** `stock.move`: a receipt (stock comes in) or an adjustment (after a count), never zero. */
export const stockMove = defineApplier({
  args: StockMoveArgs,
  reads: ({ movement }) => [
    { tbl: 'stock_movements', id: movement.id },
    { tbl: 'parts', id: movement.partId },
  ],
  async apply(ctx, { movement }) {
    const { kind, quantity } = movement;
    const fits = (kind === 'receipt' && quantity > 0) || (kind === 'adjustment' && quantity !== 0);
    if (!fits) throw new Rejection('validation', { field: 'movement.quantity', kind });
    if (movement.orderId || movement.transferId)
      throw new Rejection('validation', { field: 'movement' });
    await appendMovements(ctx, [movement], 'movement');
  },
});
