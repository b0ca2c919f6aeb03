import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomerSummary, duplicateReasons, LikelyDuplicate } from '../contract/customers';
import { normalisePhone, phoneDigits } from '../contract/phone';
import type { HandlerContext } from '../runtime/context';
import { searchRebuildPending } from '../search/deferred-index';

type Reason = (typeof duplicateReasons)[number];
type Duplicate = z.infer<typeof LikelyDuplicate>;

/** Lower-case words without accents, in alphabetical order: "Bianchi Giulia" = "giulia bianchi". */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Two spellings of one name: the same words, or at most two typing slips apart. */
export function namesLookAlike(a: string, b: string): boolean {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (!ka || !kb) return false;
  return (
    ka === kb || editDistance(ka, kb) <= Math.min(2, Math.floor(Math.min(ka.length, kb.length) / 4))
  );
}

const suffixLength = 4;
// A four-digit suffix occurs inside a few hundred phones per 300 000 customers.
const candidateCap = 2000;

/** FTS5 phrase query on one column of the customer index. */
const columnPhrase = (column: string, text: string) => `${column} : "${text.replace(/"/g, '""')}"`;

export function findLikelyDuplicates(
  ctx: HandlerContext,
  input: { name: string; phone: string; email: string },
): Duplicate[] {
  const phone = input.phone ? normalisePhone(input.phone, ctx.site.country) : null;
  const email = input.email.toLowerCase();
  const suffix = phoneDigits(input.phone).slice(-suffixLength);
  // While a bootstrap defers the index, the same candidates come from scans (slower, complete).
  const indexed = !searchRebuildPending(ctx.db);
  // One indexed lookup per reason: an OR across them would scan every customer.
  const lookups = [
    ...(phone ? [sql`SELECT rowid FROM customers WHERE phone = ${phone}`] : []),
    ...(email.length >= 3
      ? [
          indexed
            ? sql`SELECT rowid FROM customer_search WHERE customer_search MATCH ${columnPhrase('email', email)}`
            : sql`SELECT rowid FROM customers WHERE lower(email) = ${email}`,
        ]
      : []),
    ...(input.name && suffix.length === suffixLength
      ? [
          indexed
            ? sql`SELECT rowid FROM customer_search WHERE customer_search MATCH ${columnPhrase('phone', suffix)}`
            : sql`SELECT rowid FROM customers WHERE phone LIKE ${`%${suffix}`}`,
        ]
      : []),
  ];
  const candidates = lookups.flatMap((lookup) =>
    ctx.db.all<Omit<CustomerSummary, 'orderCount'>>(sql`
      SELECT c.id, c.kind, c.name, c.phone, c.email, c.tax_id AS taxId
      FROM customers c
      WHERE c.erased_at IS NULL AND c.rowid IN (${lookup} ORDER BY rowid DESC LIMIT ${candidateCap})`),
  );
  const seen = new Set<string>();
  return candidates.flatMap((c) => {
    if (seen.has(c.id)) return [];
    seen.add(c.id);
    const reasons: Reason[] = [];
    if (phone && c.phone === phone) reasons.push('same_phone');
    if (email && c.email?.toLowerCase() === email) reasons.push('same_email');
    if (
      suffix.length === suffixLength &&
      phoneDigits(c.phone).endsWith(suffix) &&
      namesLookAlike(c.name, input.name)
    )
      reasons.push('similar_name_phone_suffix');
    if (reasons.length === 0) return [];
    const orders = ctx.db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM repair_orders WHERE customer_id = ${c.id}`,
    );
    return [{ ...c, orderCount: orders.n, reasons }];
  });
}
