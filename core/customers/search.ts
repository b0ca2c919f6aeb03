import { sql } from 'drizzle-orm';
import type { CustomerSummary } from '../contract/customers';
import type { Db } from '../db/open';
import { searchRebuildPending } from '../search/deferred-index';
import { ftsQuery, likePrefix } from '../search/fts-query';

const candidateCap = 200;

/**
 * Customers matching any fragment of name, phone, e-mail or tax id; most recent first. While a
 * bootstrap defers the index, the name-prefix scan answers instead (slower, narrower, complete).
 */
export function searchCustomers(db: Db, term: string, limit: number): CustomerSummary[] {
  const match = searchRebuildPending(db) ? null : ftsQuery(term);
  const filter = match
    ? sql`c.rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${match}
                      ORDER BY rowid DESC LIMIT ${candidateCap})`
    : sql`c.name LIKE ${likePrefix(term)} ESCAPE '\\'`;
  return db.all<CustomerSummary>(sql`
    SELECT c.id, c.kind, c.name, c.phone, c.email, c.tax_id AS taxId,
           (SELECT count(*) FROM repair_orders o WHERE o.customer_id = c.id) AS orderCount
    FROM customers c
    WHERE c.erased_at IS NULL AND ${filter}
    ORDER BY c.updated_at DESC
    LIMIT ${limit}`);
}
