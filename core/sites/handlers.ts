import { and, asc, eq, inArray } from 'drizzle-orm';
import type { deskMethods, SiteChoice, Workshop } from '../contract/desk';
import { sites } from '../db/schema';
import type { DomainHandlers } from '../runtime/handler-types';
import { getSiteDetails, updateSiteDetails } from './details';

const workshopKinds: Workshop['kind'][] = ['workshop_own', 'workshop_partner'];

export const deskHandlers: DomainHandlers<typeof deskMethods> = {
  getDeskInfo: (ctx) => ({
    site: {
      id: ctx.site.id,
      code: ctx.site.code,
      name: ctx.site.name,
      kind: ctx.site.kind,
      timezone: ctx.site.timezone,
      country: ctx.site.country,
      currency: ctx.site.currency,
      locale: ctx.site.locale,
    },
    person: { id: ctx.actor.userId, name: ctx.actor.name, roles: [...ctx.actor.roles] },
  }),
  listSites: (ctx) =>
    ctx.db
      .select({ id: sites.id, code: sites.code, name: sites.name, kind: sites.kind })
      .from(sites)
      .where(eq(sites.active, true))
      .orderBy(asc(sites.code))
      .all() as SiteChoice[],
  listWorkshops: (ctx) =>
    ctx.db
      .select({ id: sites.id, code: sites.code, name: sites.name, kind: sites.kind })
      .from(sites)
      .where(and(inArray(sites.kind, workshopKinds), eq(sites.active, true)))
      .orderBy(asc(sites.name))
      .all() as Workshop[],
  getSiteDetails,
  updateSiteDetails,
};
