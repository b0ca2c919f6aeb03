import { z } from 'zod';

export const Id = z.uuid();

/** Who acts at a desk before anyone has signed in: a failed sign-in is recorded as theirs. */
export const anonymousUserId = 'anonymous';

/**
 * Who made a change or an audit row: a person's id, or `anonymous` (a failed sign-in's row, which
 * replicates like any other: refusing it refused the whole push, and the desk's queue behind it).
 */
export const ActorId = z.union([Id, z.literal(anonymousUserId)]);

/** Free text typed at the counter: trimmed, bounded, any script. */
export const text = (max: number) => z.string().trim().max(max);
export const requiredText = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/** Money in integer minor units (cents, kopecks); a counter never takes more than 10 million. */
export const Money = z.int().min(0).max(1_000_000_000);

export const IsoDate = z.iso.date();

/** Whether this runtime knows an IANA time zone name (`Europe/Rome`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A known time zone name in its proper case, so a site typed as `europe/rome` is stored, shown and
 * compared as `Europe/Rome` (time zone names are case-insensitive to `Intl`, not to a reader or
 * to other software). A name this runtime knows under another one (`Europe/Kyiv`, which Node's
 * ICU calls `Europe/Kiev`) is kept as typed when it is cased like one, and said by the other
 * name otherwise: the zone is the same either way.
 */
export function canonicalTimeZone(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === zone.toLowerCase()) return resolved;
  const casedLikeAName = zone
    .split('/')
    .every((part) => /^[A-Z]/.test(part) && part !== part.toLowerCase());
  return casedLikeAName ? zone : resolved;
}

/** A time zone a person typed: a name this runtime knows, stored in its proper case. */
export const TimeZoneName = requiredText(64)
  .refine(isTimeZone, { params: { code: 'invalid_timezone' } })
  .transform(canonicalTimeZone);

export const PageInput = z.object({
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(200).default(50),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Total matches, counted up to a cap; `totalCapped` says the real number is larger. */
    total: z.int(),
    totalCapped: z.boolean(),
    hasMore: z.boolean(),
  });

export const SearchTerm = z.string().trim().max(200);
