import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/open';
import { settings, sites, users } from '../db/schema';
import type { Actor, SiteRow } from './context';

/**
 * A desk that has never been set up runs as a stand-alone reception desk with these details,
 * so `npm start` shows a working counter at once. First-run setup and enrolment replace them.
 */
export const embeddedSite = {
  code: 'MI01',
  name: 'Sportello Milano Centro',
  kind: 'reception' as const,
  timezone: 'Europe/Rome',
  country: 'IT',
  currency: 'EUR',
  locale: 'it-IT',
  legal: {
    legalName: 'Sportello Assistenza S.r.l.',
    address: 'Via Dante 1, 20121 Milano (MI), Italia',
    vatNumber: 'IT01234567890',
    phone: '+39 02 1234567',
    email: 'assistenza@example.it',
  },
};

export const embeddedUser = {
  name: 'Banco',
  login: 'banco',
  roles: ['receptionist', 'manager', 'admin'] as const,
};

/** Settings that say which site this desk is and who acts by default (enrolment rewrites them). */
export const siteKey = 'desk.siteId';
export const userKey = 'desk.defaultUserId';

export interface DeskIdentity {
  site: SiteRow;
  defaultActor: Actor;
}

export function ensureDeskIdentity(db: Db, now: number): DeskIdentity {
  return db.transaction(
    (tx) => {
      const siteSetting = tx.select().from(settings).where(eq(settings.key, siteKey)).get();
      if (!siteSetting) {
        const siteId = uuidv7();
        const userId = uuidv7();
        const origin = { originSiteId: siteId, createdAt: now, updatedAt: now };
        tx.insert(sites)
          .values({ ...embeddedSite, ...origin, id: siteId })
          .run();
        tx.insert(users)
          .values({
            ...embeddedUser,
            roles: [...embeddedUser.roles],
            ...origin,
            id: userId,
            siteId,
          })
          .run();
        tx.insert(settings)
          .values([
            { key: siteKey, value: siteId },
            { key: userKey, value: userId },
          ])
          .run();
      }
      const siteId = tx.select().from(settings).where(eq(settings.key, siteKey)).get()!
        .value as string;
      const userId = tx.select().from(settings).where(eq(settings.key, userKey)).get()!
        .value as string;
      const site = tx.select().from(sites).where(eq(sites.id, siteId)).get()!;
      const user = tx.select().from(users).where(eq(users.id, userId)).get()!;
      return {
        site,
        defaultActor: { userId: user.id, name: user.name, roles: user.roles, siteId: user.siteId },
      };
    },
    { behavior: 'immediate' },
  );
}
