import { eq } from 'drizzle-orm';
import { CounterSettings } from '../contract/workflow';
import type { Db } from '../db/open';
import { settings } from '../db/schema';
import type { HandlerContext } from '../runtime/context';

/** A site that never set them: uncollected after 30 days, 30 days' free storage, no fee. */
export const defaultCounterSettings: CounterSettings = {
  uncollectedAfterDays: 30,
  storageFreeDays: 30,
  storageFeePerDay: 0,
};

const keyFor = (siteId: string) => `counter.${siteId}`;

export function readCounterSettings(db: Db, siteId: string): CounterSettings {
  const row = db
    .select()
    .from(settings)
    .where(eq(settings.key, keyFor(siteId)))
    .get();
  const stored = CounterSettings.partial().safeParse(row?.value ?? {});
  return { ...defaultCounterSettings, ...(stored.success ? stored.data : {}) };
}

/** Settings are this desk's own (local, not replicated), so no outbox entry. */
export function updateCounterSettings(
  ctx: HandlerContext,
  changes: Partial<CounterSettings>,
): CounterSettings {
  const next = { ...readCounterSettings(ctx.db, ctx.site.id), ...changes };
  ctx.db
    .insert(settings)
    .values({ key: keyFor(ctx.site.id), value: next })
    .onConflictDoUpdate({ target: settings.key, set: { value: next } })
    .run();
  return next;
}
