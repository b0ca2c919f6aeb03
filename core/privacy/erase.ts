import { eq, inArray, like, or, sql } from 'drizzle-orm';
import fs from 'node:fs';
import { DomainError, fieldError } from '../contract/errors';
import {
  attachments,
  auditLog,
  customers,
  devices,
  outbox,
  repairOrders,
  sentChanges,
  settings,
  syncRejections,
} from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation, type Tx } from '../sync/outbox';
import { attachmentPath } from '../attachments/store';

/** Where the desk keeps an attachment's bytes: the store's content-addressed path. */
export const attachmentFile = attachmentPath;

export function pseudonymFor(customerId: string): string {
  return `Erased customer ${customerId.replaceAll('-', '').slice(-8)}`;
}

/** The customer fields that identify a person; everything else about the repair stays. */
export function erasedCustomerFields(customerId: string) {
  return {
    name: pseudonymFor(customerId),
    phone: '',
    email: null,
    taxId: null,
    vatNumber: null,
    address: null,
    notes: null,
  };
}

/** Replaces the personal fields of every object in `value` that is this customer's row. */
export function redact(value: unknown, customerId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, customerId));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, redact(v, customerId)] as const);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  if (object.id !== customerId) return object;
  const erased: Record<string, unknown> = erasedCustomerFields(customerId);
  for (const key of Object.keys(erased)) if (key in object) object[key] = erased[key];
  // A customer.update entry carries the changed fields beside the id: `{id, changes}`.
  const changes = object.changes;
  if (changes !== null && typeof changes === 'object' && !Array.isArray(changes)) {
    const redacted = { ...(changes as Record<string, unknown>) };
    for (const key of Object.keys(erased)) if (key in redacted) redacted[key] = erased[key];
    object.changes = redacted;
  }
  return object;
}

const redactingKey = 'audit.redacting';

/**
 * Audit rows that carried the customer's details get the pseudonym too. The trail is append-only:
 * a flag held inside this transaction lets these updates through. A pulled page may hold it
 * already, for the redacted rows it brings; it keeps it then.
 */
export function redactAuditTrail(tx: Tx, customerId: string): void {
  const mentions = `%${customerId}%`;
  const flagged =
    tx
      .insert(settings)
      .values({ key: redactingKey, value: true })
      .onConflictDoNothing()
      .returning({ key: settings.key })
      .all().length > 0;
  const audited = tx
    .select({ id: auditLog.id, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(
      or(
        eq(auditLog.entityId, customerId),
        like(auditLog.before, mentions),
        like(auditLog.after, mentions),
      ),
    )
    .all();
  for (const row of audited) {
    tx.update(auditLog)
      .set({
        before: redact(row.before, customerId) as Record<string, unknown> | null,
        after: redact(row.after, customerId) as Record<string, unknown> | null,
      })
      .where(eq(auditLog.id, row.id))
      .run();
  }
  if (flagged) tx.delete(settings).where(eq(settings.key, redactingKey)).run();
}

/**
 * The changes this desk holds carry the customer's details too: those waiting in its outbox, those
 * the head office accepted (kept to go again should it be restored from a backup) and those it
 * refused (listed in the sync drawer). Run where the erasure is made and where it arrives: a
 * change still queued for an erased customer is refused by the head office, and its refusal is
 * kept, so it must not keep the details either.
 */
export function redactKeptChanges(tx: Tx, customerId: string): void {
  const mentions = `%${customerId}%`;
  const queued = tx
    .select()
    .from(outbox)
    .where(or(like(outbox.args, mentions), like(outbox.audit, mentions)))
    .all();
  for (const row of queued) {
    tx.update(outbox)
      .set({
        args: redact(row.args, customerId) as Record<string, unknown>,
        audit: redact(row.audit, customerId) as Record<string, unknown>[] | null,
      })
      .where(eq(outbox.seq, row.seq))
      .run();
  }
  for (const table of [sentChanges, syncRejections]) {
    const kept = tx.all<{ seq: number; args: string }>(
      sql`SELECT seq, args FROM ${table} WHERE args LIKE ${mentions}`,
    );
    for (const row of kept)
      tx.run(
        sql`UPDATE ${table} SET args = ${JSON.stringify(redact(JSON.parse(row.args), customerId))}
             WHERE seq = ${row.seq}`,
      );
  }
}

/**
 * Erases a customer on request. Name becomes a pseudonym; contacts, tax ids, address, notes,
 * unlock codes and photos go. The repair history (device, complaint, events, money) stays
 * under the pseudonym, and issued invoices keep their legal customer snapshot. A
 * `customer.erase` mutation makes every replica and the head office do the same.
 */
export function eraseCustomer(
  ctx: HandlerContext,
  input: { customerId: string; confirmName: string },
) {
  const sqlite = ctx.db.$client;
  // Freed pages are zeroed so the old values do not linger in the file.
  sqlite.pragma('secure_delete = ON');
  try {
    const result = ctx.db.transaction(
      (tx) => {
        const customer = tx
          .select()
          .from(customers)
          .where(eq(customers.id, input.customerId))
          .get();
        if (!customer) throw new DomainError('not_found', { entity: 'customer' });
        if (customer.erasedAt !== null)
          throw new DomainError('conflict', { reason: 'already_erased' });
        if (customer.name.toLocaleLowerCase() !== input.confirmName.toLocaleLowerCase())
          throw fieldError('confirmName', 'name_mismatch');
        const now = ctx.now();
        const fields = erasedCustomerFields(customer.id);
        tx.update(customers)
          .set({ ...fields, erasedAt: now, updatedAt: now })
          .where(eq(customers.id, customer.id))
          .run();
        tx.update(devices)
          .set({ proofOfPurchase: null, updatedAt: now })
          .where(eq(devices.customerId, customer.id))
          .run();
        const orderIds = tx
          .select({ id: repairOrders.id })
          .from(repairOrders)
          .where(eq(repairOrders.customerId, customer.id))
          .all()
          .map((o) => o.id);
        let files: string[] = [];
        if (orderIds.length) {
          tx.update(repairOrders)
            .set({ unlockSecret: null, updatedAt: now })
            .where(inArray(repairOrders.id, orderIds))
            .run();
          files = tx
            .delete(attachments)
            .where(inArray(attachments.orderId, orderIds))
            .returning({ sha256: attachments.sha256 })
            .all()
            .map((a) => a.sha256);
        }
        redactAuditTrail(tx, customer.id);
        redactKeptChanges(tx, customer.id);
        tx.run(sql`INSERT INTO customer_search(customer_search) VALUES ('optimize')`);
        tx.run(sql`INSERT INTO order_search(order_search) VALUES ('optimize')`);
        ctx.audit?.change({
          entity: 'customer',
          entityId: customer.id,
          before: { erased: false },
          after: { erased: true, name: fields.name, orders: orderIds.length, photos: files.length },
        });
        recordMutation(tx, ctx, 'customer.erase', { customerId: customer.id, erasedAt: now });
        const stillUsed = (sha: string) =>
          tx
            .select({ id: attachments.id })
            .from(attachments)
            .where(eq(attachments.sha256, sha))
            .get();
        return { pseudonym: fields.name, files: files.filter((sha) => !stillUsed(sha)) };
      },
      { behavior: 'immediate' },
    );
    // Files go after the commit: a crash in between leaves an orphan file, never a lost row.
    let photosDeleted = 0;
    for (const sha of result.files) {
      if (!ctx.dataDir) break;
      try {
        fs.rmSync(attachmentFile(ctx.dataDir, sha));
        photosDeleted += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return { customerId: input.customerId, pseudonym: result.pseudonym, photosDeleted };
  } finally {
    sqlite.pragma('secure_delete = OFF');
  }
}
