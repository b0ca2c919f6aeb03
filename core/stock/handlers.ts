import { and, eq, ne } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { DomainError, fieldError } from '../contract/errors';
import type { PartWithStock, stockMethods } from '../contract/stock';
import { parts } from '../db/schema';
import type { DomainHandlers } from '../runtime/handler-types';
import type { HandlerContext } from '../runtime/context';
import { recordMutation } from '../sync/outbox';
import { listMovements, listParts, loadPart, readPart, writeMovement } from './ledger';

/** The catalogue is the head office's: every other desk receives it and cannot change it. */
function assertHeadOffice(ctx: HandlerContext): void {
  if (ctx.site.kind !== 'head_office') throw new DomainError('head_office_only');
}

/** One movement of this desk's own ledger, queued for the head office in the same transaction. */
function bookMovement(
  ctx: HandlerContext,
  kind: 'receipt' | 'adjustment',
  input: { partId: string; quantityMilli: number; note?: string | undefined },
): PartWithStock {
  ctx.db.transaction(
    (tx) => {
      loadPart(tx, input.partId);
      const movement = writeMovement(tx, ctx, {
        partId: input.partId,
        kind,
        quantity: input.quantityMilli,
        note: input.note,
      });
      recordMutation(tx, ctx, 'stock.move', { movement });
    },
    { behavior: 'immediate' },
  );
  return readPart(ctx.db, ctx.site.id, input.partId);
}

export const stockHandlers: DomainHandlers<typeof stockMethods> = {
  listParts: (ctx, input) => ({ parts: listParts(ctx.db, ctx.site.id, input.term, input.limit) }),

  listStockMovements: (ctx, input) => ({
    part: readPart(ctx.db, ctx.site.id, input.partId),
    movements: listMovements(ctx.db, ctx.site.id, input.partId, input.limit),
  }),

  savePart(ctx, input) {
    assertHeadOffice(ctx);
    const id = ctx.db.transaction(
      (tx) => {
        const taken = tx
          .select({ id: parts.id })
          .from(parts)
          .where(and(eq(parts.sku, input.sku), input.id ? ne(parts.id, input.id) : undefined))
          .get();
        if (taken) throw fieldError('sku', 'sku_taken', { sku: input.sku });
        const now = ctx.now();
        const fields = {
          sku: input.sku,
          name: input.name,
          price: input.price,
          vatRateBp: input.vatRateBp,
          warrantyMonths: input.warrantyMonths,
          updatedAt: now,
        };
        if (input.id) {
          const before = loadPart(tx, input.id);
          // Only what changed travels, so two people editing different fields both keep theirs.
          const patch = Object.fromEntries(
            Object.entries(fields).filter(
              ([key, value]) => before[key as keyof typeof before] !== value,
            ),
          );
          ctx.audit?.change({ entity: 'part', entityId: input.id, before, after: patch });
          tx.update(parts).set(fields).where(eq(parts.id, input.id)).run();
          recordMutation(tx, ctx, 'part.update', { id: input.id, patch });
          return input.id;
        }
        const part = { id: uuidv7(), originSiteId: ctx.site.id, createdAt: now, ...fields };
        tx.insert(parts).values(part).run();
        recordMutation(tx, ctx, 'part.create', { part });
        return part.id;
      },
      { behavior: 'immediate' },
    );
    return readPart(ctx.db, ctx.site.id, id);
  },

  receiveStock: (ctx, input) => bookMovement(ctx, 'receipt', input),
  adjustStock: (ctx, input) => bookMovement(ctx, 'adjustment', input),
};
