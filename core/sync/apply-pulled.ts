import fs from 'node:fs';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { attachmentPath } from '../attachments/store';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { PullChange } from '../contract/replication';
import type { Db } from '../db/open';
import {
  attachments,
  auditLog,
  calendarExceptions,
  customers,
  devices,
  estimates,
  orderEvents,
  orderLines,
  parts,
  payments,
  repairOrders,
  settings,
  sites,
  slaPolicies,
  stockMovements,
  transferItems,
  transfers,
  users,
  warrantySlips,
} from '../db/schema';
import type { Tx } from './outbox';
import { deferSecondaryIndexes } from '../db/deferred-indexes';
import { deferSearchIndex } from '../search/deferred-index';
import { redactAuditTrail, redactKeptChanges } from '../privacy/erase';
import { siteKey } from '../runtime/embedded-defaults';
import { PulledRowWriter } from './pulled-row-writer';
import { enrolmentHeld, readCursor, writeCursor } from './sync-state';
import { beginResync, settleResync } from './resync';
import { orderChildren } from './order-children';

/** Replicated tables by their SQL name, the name the server's change log uses. */
const replicatedTables: Record<string, SQLiteTable & { id: typeof sites.id }> = {
  sites,
  users,
  calendar_exceptions: calendarExceptions,
  sla_policies: slaPolicies,
  parts,
  customers,
  devices,
  repair_orders: repairOrders,
  order_events: orderEvents,
  estimates,
  order_lines: orderLines,
  transfers,
  transfer_items: transferItems,
  attachments,
  warranty_slips: warrantySlips,
  stock_movements: stockMovements,
  payments,
  audit_log: auditLog,
} as unknown as Record<string, SQLiteTable & { id: typeof sites.id }>;

/** The marker under which the audit trail's trigger lets an erasure rewrite before/after. */
const auditRedactingKey = 'audit.redacting';

/** Whether this desk is the head office's (read only where an erasure arrives: rare). */
function atHeadOffice(tx: Tx): boolean {
  const siteId = tx.select().from(settings).where(eq(settings.key, siteKey)).get()?.value;
  if (typeof siteId !== 'string') return false;
  return (
    tx.select({ kind: sites.kind }).from(sites).where(eq(sites.id, siteId)).get()?.kind ===
    'head_office'
  );
}

/** One writer per open database: its prepared statements belong to that connection. */
const writers = new WeakMap<Db['$client'], PulledRowWriter>();

function writerFor(db: Db): PulledRowWriter {
  let writer = writers.get(db.$client);
  if (!writer) {
    writer = new PulledRowWriter(db.$client);
    writers.set(db.$client, writer);
  }
  return writer;
}

/**
 * The audit trail is append-only on the desk too; the only change the server ever sends for a
 * row it already holds is an erasure's redaction of its before/after values.
 */
function upsertAudit(writer: PulledRowWriter, data: Record<string, unknown>): void {
  writer.upsert(auditLog, { ...data, before: data.before ?? null, after: data.after ?? null }, [
    'before',
    'after',
  ]);
}

/**
 * Logins are unique on the desk as on the server. A pulled person whose login a different local
 * row holds wins it: the local one is this desk's own person the head office refused (two desks
 * created the same login while offline; the refusal is listed in the sync drawer), or one whose
 * change of login is further on in the log and arrives later with its real login. Either way the
 * local row steps aside under a suffixed login; failing the page instead would stop this desk's
 * replication for good.
 */
function makeRoomForLogin(tx: Tx, pulled: Record<string, unknown>): void {
  const login = pulled.login;
  if (typeof login !== 'string') return;
  const holder = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.login, login), ne(users.id, String(pulled.id))))
    .get();
  if (!holder) return;
  let renamed = `${login.slice(0, 33)}-${holder.id.slice(-6)}`;
  for (
    let n = 2;
    tx.select({ id: users.id }).from(users).where(eq(users.login, renamed)).get();
    n++
  )
    renamed = `${login.slice(0, 30)}-${holder.id.slice(-6)}-${n}`;
  tx.update(users).set({ login: renamed }).where(eq(users.id, holder.id)).run();
}

function upsert(tx: Tx, writer: PulledRowWriter, change: PullChange): void {
  const table = replicatedTables[change.tbl];
  if (!table || !change.data) return;
  if (change.tbl === 'audit_log') upsertAudit(writer, change.data);
  else {
    if (change.tbl === 'users') makeRoomForLogin(tx, change.data);
    writer.upsert(table, change.data);
  }
}

function erasedHere(tx: Tx, customerId: string): boolean {
  return !!tx
    .select({ erasedAt: customers.erasedAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .get()?.erasedAt;
}

/** The photos whose rows a page removes; their files go too once no row names them. */
type RemovedPhotos = Set<string>;

function notePhotos(rows: { sha256: string }[], removed: RemovedPhotos): void {
  for (const row of rows) removed.add(row.sha256);
}

/** A row erased everywhere (a photo of an erased customer): gone from this desk too. */
function deleteRow(tx: Tx, change: PullChange, removed: RemovedPhotos): void {
  const table = replicatedTables[change.tbl];
  if (!table) return;
  if (change.tbl === 'attachments')
    notePhotos(
      tx
        .delete(attachments)
        .where(eq(attachments.id, change.id))
        .returning({ sha256: attachments.sha256 })
        .all(),
      removed,
    );
  else tx.delete(table).where(eq(table.id, change.id)).run();
}

function evictOrder(tx: Tx, orderId: string, removed: RemovedPhotos): void {
  notePhotos(
    tx
      .select({ sha256: attachments.sha256 })
      .from(attachments)
      .where(eq(attachments.orderId, orderId))
      .all(),
    removed,
  );
  for (const child of orderChildren) tx.delete(child).where(eq(child.orderId, orderId)).run();
  tx.delete(repairOrders).where(eq(repairOrders.id, orderId)).run();
}

/**
 * A customer the page brings erased loses the photos of their orders here too, also one this
 * desk took while the erasure was on its way (the head office never had it, so sends no delete
 * for it; it refuses the change that carries it).
 */
function erasePhotosOf(tx: Tx, customerId: string, removed: RemovedPhotos): void {
  notePhotos(
    tx
      .delete(attachments)
      .where(
        inArray(
          attachments.orderId,
          tx
            .select({ id: repairOrders.id })
            .from(repairOrders)
            .where(eq(repairOrders.customerId, customerId)),
        ),
      )
      .returning({ sha256: attachments.sha256 })
      .all(),
    removed,
  );
}

/**
 * Deletes the files of removed photos that no row names any more (the same picture may hang on
 * another order). Done inside the page's transaction, before it commits: a crash after it leaves
 * rows naming a missing file, which the sync loop fetches again at its next start; the other
 * order would leave an erased customer's photo on disk with nothing pointing at it.
 */
function deleteUnnamedPhotoFiles(tx: Tx, removed: RemovedPhotos, dataDir: string): void {
  for (const sha256 of removed) {
    const named = tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(eq(attachments.sha256, sha256))
      .get();
    if (named) continue;
    const file = attachmentPath(dataDir, sha256);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.part`, { force: true });
  }
}

/**
 * Applies one pulled page and moves the cursor in the same transaction: a crash leaves either
 * the whole page with its cursor or neither, and re-applying a page changes nothing (upserts).
 * Foreign keys are checked by the server, whose commit order can deliver a row before the row
 * it references; the desk does not re-check them for pulled rows. With `deferIndexes` the page
 * sets the search-rebuild flag first, so its rows (and every later write) skip the FTS triggers
 * until `rebuildSearchIndexIfPending` runs, and drops the pulled tables' secondary indexes until
 * `restoreDeferredIndexes` builds them again. With `dataDir` the files of photos the page removes
 * (erased, or their order left this desk's scope) are deleted once no row names them.
 *
 * Nothing is applied while the desk becomes another site (`holdForEnrolment`): an order pulled
 * then would make `adoptEnrolment` refuse it once its old desk id is retired. Returns whether the
 * page was applied.
 */
export function applyPulledPage(
  db: Db,
  changes: PullChange[],
  cursor: string,
  options: { deferIndexes?: boolean; dataDir?: string } = {},
): boolean {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  try {
    return db.transaction(
      (tx) => {
        if (enrolmentHeld(tx)) return false;
        const writer = writerFor(db);
        if (options.deferIndexes) {
          deferSearchIndex(tx);
          deferSecondaryIndexes(sqlite, Object.keys(replicatedTables));
        }
        // Held for the page only, inside its transaction: no other writer ever sees it.
        const redacting = changes.some((c) => c.tbl === 'audit_log' && c.op === 'upsert');
        if (redacting)
          tx.insert(settings)
            .values({ key: auditRedactingKey, value: true })
            .onConflictDoNothing()
            .run();
        const removed: RemovedPhotos = new Set();
        beginResync(db, readCursor(db), cursor);
        for (const change of changes) {
          if (change.op === 'evict' && change.tbl === 'repair_orders')
            evictOrder(tx, change.id, removed);
          else if (change.op === 'delete') deleteRow(tx, change, removed);
          else if (change.op === 'upsert') {
            const erased = change.tbl === 'customers' && !!change.data?.erasedAt;
            // Checked before the row is written: a desk pulling an erasure it already holds (its
            // pull started over) need not search its kept changes again.
            const newlyErased = erased && !erasedHere(tx, change.id);
            upsert(tx, writer, change);
            if (erased) erasePhotosOf(tx, change.id, removed);
            if (newlyErased) {
              redactKeptChanges(tx, change.id);
              // Audit rows reach only the head office, which the server sends them redacted;
              // every other desk holds its own, which only it can redact.
              if (!atHeadOffice(tx)) redactAuditTrail(tx, change.id);
            }
          }
        }
        settleResync(db, changes, cursor, (orderId) => evictOrder(tx, orderId, removed));
        if (options.dataDir && removed.size) deleteUnnamedPhotoFiles(tx, removed, options.dataDir);
        if (redacting) tx.delete(settings).where(eq(settings.key, auditRedactingKey)).run();
        // On the page's own connection, so inside its transaction.
        writeCursor(db, cursor);
        return true;
      },
      { behavior: 'immediate' },
    );
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}
