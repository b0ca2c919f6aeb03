import { z } from 'zod';

export const Id = z.uuid();

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
