import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomerSummary, duplicateReasons, LikelyDuplicate } from '../contract/customers';
import { normalisePhone, phoneDigits } from '../contract/phone';
import type { HandlerContext } from '../runtime/context';

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
const candidateCap = 200;

export function findLikelyDuplicates(
  ctx: HandlerContext,
  input: { name: string; phone: string; email: string },
): Duplicate[] {
  const phone = input.phone ? normalisePhone(input.phone, ctx.site.country) : null;
  const email = input.email.toLowerCase();
  const suffix = phoneDigits(input.phone).slice(-suffixLength);
  const conditions = [
    ...(phone ? [sql`c.phone = ${phone}`] : []),
    ...(email ? [sql`lower(c.email) = ${email}`] : []),
    ...(input.name && suffix.length === suffixLength
      ? [
          sql`c.rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${`phone : "${suffix}"`} LIMIT ${candidateCap})`,
        ]
      : []),
  ];
  if (conditions.length === 0) return [];
  const candidates = ctx.db.all<CustomerSummary & { email: string | null }>(sql`
    SELECT c.id, c.kind, c.name, c.phone, c.email, c.tax_id AS taxId,
           (SELECT count(*) FROM repair_orders o WHERE o.customer_id = c.id) AS orderCount
    FROM customers c
    WHERE c.erased_at IS NULL AND (${sql.join(conditions, sql` OR `)})
    ORDER BY c.updated_at DESC
    LIMIT ${candidateCap}`);
  return candidates.flatMap((c) => {
    const reasons: Reason[] = [];
    if (phone && c.phone === phone) reasons.push('same_phone');
    if (email && c.email?.toLowerCase() === email) reasons.push('same_email');
    if (
      suffix.length === suffixLength &&
      phoneDigits(c.phone).endsWith(suffix) &&
      namesLookAlike(c.name, input.name)
    )
      reasons.push('similar_name_phone_suffix');
    return reasons.length ? [{ ...c, reasons }] : [];
  });
}
