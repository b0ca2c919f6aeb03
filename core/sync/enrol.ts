import { count, eq, ne, sql } from 'drizzle-orm';
import type { EnrolResponse } from '../contract/replication';
import type { Db } from '../db/open';
import {
  numberSeries,
  outbox,
  repairOrders,
  settings,
  sites,
  syncState,
  users,
} from '../db/schema';
import { siteKey, userKey } from '../runtime/embedded-defaults';
import { settingsCredentialStore, type CredentialStore } from './sync-state';
import { enrolOverHttp } from './transport';

/** Enrolment cannot turn this desk into the new site without losing or mixing data. */
export class EnrolmentRefused extends Error {
  constructor(
    readonly code: 'desk_has_orders' | 'desk_has_pending_changes',
    readonly params: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'EnrolmentRefused';
  }
}

/**
 * Makes this desk the enrolled site: replaces the embedded stand-alone identity (site, counter
 * user, number series) with the head office's, stores the credentials and starts pulling from
 * the beginning. Refused while the desk holds orders of another site or unsent changes. The
 * desk must be reopened afterwards to act as the new site.
 */
export function adoptEnrolment(
  db: Db,
  serverUrl: string,
  enrolment: EnrolResponse,
  store: CredentialStore = settingsCredentialStore(db),
): void {
  db.transaction(
    (tx) => {
      const foreignOrders = tx
        .select({ n: count() })
        .from(repairOrders)
        .where(ne(repairOrders.intakeSiteId, enrolment.site.id))
        .get()!.n;
      if (foreignOrders > 0)
        throw new EnrolmentRefused('desk_has_orders', { orders: foreignOrders });
      const pending = tx.select({ n: count() }).from(outbox).get()!.n;
      if (pending > 0) throw new EnrolmentRefused('desk_has_pending_changes', { changes: pending });

      const previousSiteId = tx.select().from(settings).where(eq(settings.key, siteKey)).get()
        ?.value as string | undefined;
      if (previousSiteId && previousSiteId !== enrolment.site.id) {
        tx.delete(users).where(eq(users.siteId, previousSiteId)).run();
        tx.delete(numberSeries).where(eq(numberSeries.siteId, previousSiteId)).run();
        tx.delete(sites).where(eq(sites.id, previousSiteId)).run();
      }
      tx.insert(sites)
        .values(enrolment.site)
        .onConflictDoUpdate({ target: sites.id, set: enrolment.site })
        .run();
      tx.insert(users)
        .values(enrolment.user)
        .onConflictDoUpdate({ target: users.id, set: enrolment.user })
        .run();
      for (const [key, value] of [
        [siteKey, enrolment.site.id],
        [userKey, enrolment.user.id],
      ] as const) {
        tx.insert(settings)
          .values({ key, value })
          .onConflictDoUpdate({ target: settings.key, set: { value } })
          .run();
      }
      // The server counts this desk's pushes from 1.
      tx.run(sql`DELETE FROM sqlite_sequence WHERE name = 'outbox'`);
      tx.delete(syncState).run();
      store.save({ serverUrl, deskId: enrolment.deskId, secret: enrolment.secret });
    },
    { behavior: 'immediate' },
  );
}

/** Checked before the one-time code is spent: a desk holding unenrolled orders cannot enrol. */
export function assertEnrolable(db: Db): void {
  const enrolled = settingsCredentialStore(db).load() !== null;
  const orders = db.select({ n: count() }).from(repairOrders).get()!.n;
  if (!enrolled && orders > 0) throw new EnrolmentRefused('desk_has_orders', { orders });
  const pending = db.select({ n: count() }).from(outbox).get()!.n;
  if (pending > 0) throw new EnrolmentRefused('desk_has_pending_changes', { changes: pending });
}

export async function enrolDesk(
  db: Db,
  serverUrl: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<EnrolResponse> {
  assertEnrolable(db);
  const enrolment = await enrolOverHttp(serverUrl, code, fetchImpl);
  adoptEnrolment(db, serverUrl, enrolment);
  return enrolment;
}
