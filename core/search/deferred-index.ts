import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared';
import { settings } from '../db/schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * While this settings row exists the search triggers (migration 0006) leave the FTS tables
 * alone. A bootstrap sets it in the transaction of its first page, so the flag and the rows
 * written without their index entries commit, or roll back, together.
 */
export const searchRebuildPendingKey = 'search.rebuildPending';

/** True while the search indexes miss rows written during a deferred bootstrap. */
export function searchRebuildPending(db: Db): boolean {
  // Asked by every search: prepared once per connection.
  const pending = preparedOnce(db, 'search.rebuildPending', (db) =>
    db
      .select({ key: settings.key })
      .from(settings)
      .where(eq(settings.key, searchRebuildPendingKey))
      .prepare(),
  );
  return pending.get() !== undefined;
}

/** Stops index maintenance from here on, inside the caller's transaction. */
export function deferSearchIndex(tx: Tx): void {
  tx.insert(settings)
    .values({ key: searchRebuildPendingKey, value: true })
    .onConflictDoNothing()
    .run();
}

/**
 * Rebuilds both search indexes from the tables in one transaction and clears the flag: one
 * bulk insert costs far less than a trigger per pulled row. The rows are the ones the 0001
 * triggers write. Contentless FTS5 tables have no 'rebuild' command; 'delete-all' empties them.
 * Does nothing unless the flag is set. Returns whether it rebuilt.
 */
export function rebuildSearchIndexIfPending(db: Db): boolean {
  // A plain read first: opening a desk should not take the write lock when nothing is pending.
  if (!searchRebuildPending(db)) return false;
  return db.transaction(
    (tx) => {
      // On the same connection, so inside this transaction.
      if (!searchRebuildPending(db)) return false;
      tx.run(sql`INSERT INTO customer_search(customer_search) VALUES ('delete-all')`);
      tx.run(sql`INSERT INTO order_search(order_search) VALUES ('delete-all')`);
      tx.run(sql`
        INSERT INTO customer_search(rowid, name, phone, email, tax_id)
        SELECT rowid, name, replace(phone, '+', ''), coalesce(email, ''),
               coalesce(tax_id, '') || ' ' || coalesce(vat_number, '')
        FROM customers`);
      tx.run(sql`
        INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
        SELECT o.rowid, o.number, c.name, replace(c.phone, '+', ''), d.brand || ' ' || d.model,
               coalesce(d.serial, ''), coalesce(d.imei, '')
        FROM repair_orders o JOIN customers c ON c.id = o.customer_id
        JOIN devices d ON d.id = o.device_id`);
      tx.delete(settings).where(eq(settings.key, searchRebuildPendingKey)).run();
      return true;
    },
    { behavior: 'immediate' },
  );
}
