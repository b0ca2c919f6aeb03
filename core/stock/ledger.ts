import {
  and,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  like,
  notExists,
  or,
  sql,
  sum,
} from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { PartWithStock, StockMovement } from '../contract/stock';
import { DomainError } from '../contract/errors';
import type { Db } from '../db/open';
import {
  estimates,
  orderLines,
  parts,
  repairOrders,
  stockMovements,
  syncRejections,
  users,
} from '../db/schema';
import type { StockMovementKind } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import type { Tx } from '../sync/outbox';

export type StockMovementRow = typeof stockMovements.$inferInsert;
type PartRow = typeof parts.$inferSelect;

/** What a site has on hand of each part: the sum of its movements, in thousandths. */
export function onHandAt(db: Db | Tx, siteId: string, partIds: string[]): Map<string, number> {
  if (!partIds.length) return new Map();
  const rows = db
    .select({ partId: stockMovements.partId, total: sum(stockMovements.quantity).mapWith(Number) })
    .from(stockMovements)
    .where(and(eq(stockMovements.siteId, siteId), inArray(stockMovements.partId, partIds)))
    .groupBy(stockMovements.partId)
    .all();
  return new Map(rows.map((r) => [r.partId, r.total ?? 0]));
}

export function withStock(part: PartRow, onHand: Map<string, number>): PartWithStock {
  return {
    id: part.id,
    sku: part.sku,
    name: part.name,
    price: part.price,
    vatRateBp: part.vatRateBp,
    warrantyMonths: part.warrantyMonths,
    onHandMilli: onHand.get(part.id) ?? 0,
  };
}

export function loadPart(db: Db | Tx, id: string): PartRow {
  const part = db.select().from(parts).where(eq(parts.id, id)).get();
  if (!part) throw new DomainError('not_found', { entity: 'part' });
  return part;
}

export function readPart(db: Db | Tx, siteId: string, id: string): PartWithStock {
  return withStock(loadPart(db, id), onHandAt(db, siteId, [id]));
}

/**
 * The parts whose SKU or name contains the term (a typed `%` or `_` is literal), with this
 * site's stock.
 */
export function listParts(db: Db, siteId: string, term: string, limit: number): PartWithStock[] {
  const pattern = `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const found = db
    .select()
    .from(parts)
    .where(
      and(
        term
          ? or(
              like(parts.sku, pattern).append(sql` ESCAPE '\\'`),
              like(parts.name, pattern).append(sql` ESCAPE '\\'`),
            )
          : undefined,
        // A part the head office refused to create is in no catalogue but this desk's: it is
        // not offered (the sync drawer lists the refusal, and the part to use instead).
        notExists(
          db
            .select({ one: sql`1` })
            .from(syncRejections)
            .where(
              and(
                eq(syncRejections.name, 'part.create'),
                sql`json_extract(${syncRejections.args}, '$.part.id') = ${parts.id}`,
              ),
            ),
        ),
      ),
    )
    .orderBy(parts.sku, parts.id)
    .limit(limit)
    .all();
  const onHand = onHandAt(
    db,
    siteId,
    found.map((p) => p.id),
  );
  return found.map((p) => withStock(p, onHand));
}

/** A part's movements at this site, newest first, with the order and the person. */
export function listMovements(
  db: Db,
  siteId: string,
  partId: string,
  limit: number,
): StockMovement[] {
  return db
    .select({
      id: stockMovements.id,
      kind: stockMovements.kind,
      quantityMilli: stockMovements.quantity,
      createdAt: stockMovements.createdAt,
      orderId: stockMovements.orderId,
      orderNumber: repairOrders.number,
      note: stockMovements.note,
      userName: users.name,
    })
    .from(stockMovements)
    .leftJoin(repairOrders, eq(repairOrders.id, stockMovements.orderId))
    .leftJoin(users, eq(users.id, stockMovements.userId))
    .where(and(eq(stockMovements.siteId, siteId), eq(stockMovements.partId, partId)))
    .orderBy(desc(stockMovements.createdAt), desc(stockMovements.id))
    .limit(limit)
    .all();
}

/** Writes one movement of this site's ledger; the caller queues it in the same transaction. */
export function writeMovement(
  tx: Tx,
  ctx: HandlerContext,
  movement: {
    partId: string;
    kind: StockMovementKind;
    quantity: number;
    orderId?: string | null;
    note?: string | null | undefined;
  },
): StockMovementRow {
  const row: StockMovementRow = {
    id: uuidv7(),
    originSiteId: ctx.site.id,
    createdAt: ctx.now(),
    siteId: ctx.site.id,
    partId: movement.partId,
    quantity: movement.quantity,
    kind: movement.kind,
    orderId: movement.orderId ?? null,
    transferId: null,
    userId: ctx.actor.userId,
    note: movement.note ?? null,
  };
  tx.insert(stockMovements).values(row).run();
  return row;
}

/**
 * The parts a repair used, taken from the stock of the site doing it: one `consume` movement per
 * catalogue part on the order's lines, written when the order becomes `repaired` (which happens
 * once in an order's life). Lines typed by hand, without a catalogue part, move no stock.
 */
export function consumeOrderParts(
  tx: Tx,
  ctx: HandlerContext,
  orderId: string,
): StockMovementRow[] {
  const used = tx
    .select({ partId: orderLines.partId, quantity: sum(orderLines.quantityMilli).mapWith(Number) })
    .from(orderLines)
    .leftJoin(estimates, eq(estimates.id, orderLines.estimateId))
    .where(
      and(
        eq(orderLines.orderId, orderId),
        eq(orderLines.kind, 'part'),
        isNotNull(orderLines.partId),
        // The approved estimate's lines, and any priced outside an estimate; never a declined one's.
        or(isNull(orderLines.estimateId), eq(estimates.state, 'approved')),
      ),
    )
    .groupBy(orderLines.partId)
    .orderBy(orderLines.partId)
    .all();
  return used
    .filter((line) => line.partId && line.quantity > 0)
    .map((line) =>
      writeMovement(tx, ctx, {
        partId: line.partId!,
        kind: 'consume',
        quantity: -line.quantity,
        orderId,
      }),
    );
}

/** The movements a refused change carried (a receipt, an adjustment, a repair's parts). */
export function dropRefusedMovements(tx: Tx, refused: { args: unknown }[]): void {
  const ids = refused.flatMap(({ args }) => {
    const { movement, stock } = args as { movement?: { id: string }; stock?: { id: string }[] };
    return [...(movement ? [movement.id] : []), ...(stock ?? []).map((m) => m.id)];
  });
  if (ids.length) tx.delete(stockMovements).where(inArray(stockMovements.id, ids)).run();
}
