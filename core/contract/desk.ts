import { z } from 'zod';
import { Id } from './common';
import { SiteDetailsChanges, siteKinds } from './replication';
import { method } from './define';
import { roles, everyone, type Role } from './roles';

const managersAndAdmins: readonly Role[] = ['manager', 'admin'];

export const DeskInfo = z.object({
  site: z.object({
    id: Id,
    code: z.string(),
    name: z.string(),
    /** Head office, reception or workshop: what this desk may do with the shared reference data. */
    kind: z.enum(siteKinds),
    timezone: z.string(),
    country: z.string(),
    currency: z.string(),
    locale: z.string(),
  }),
  /** The person acting at this desk (the counter user until sign-in exists). */
  person: z.object({ id: Id, name: z.string(), roles: z.array(z.enum(roles)) }),
});
export type DeskInfo = z.infer<typeof DeskInfo>;

/** A workshop a device can be sent to, as the desk knows it from the replicated sites. */
export const Workshop = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['workshop_own', 'workshop_partner']),
});
export type Workshop = z.infer<typeof Workshop>;

/** A site a person can belong to, as the head office's people screen offers them. */
export const SiteChoice = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(siteKinds),
});
export type SiteChoice = z.infer<typeof SiteChoice>;

/** A site as its "Site and legal details" screen shows it: what its documents print about it. */
export const SiteDetails = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(siteKinds),
  country: z.string(),
  currency: z.string(),
  timezone: z.string(),
  locale: z.string(),
  legal: z.object({
    legalName: z.string(),
    address: z.string(),
    vatNumber: z.string().optional(),
    taxCode: z.string().optional(),
    registrationNumber: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  }),
  updatedAt: z.int(),
  /** Whether the person asking may change them at this desk (an admin, of a site in its scope). */
  editable: z.boolean(),
});
export type SiteDetails = z.infer<typeof SiteDetails>;

export const deskMethods = {
  getDeskInfo: method({
    summary: 'Which site this desk is and who is acting at it, for the top bar and formatting.',
    kind: 'query',
    input: z.object({}).default({}),
    output: DeskInfo,
    roles: everyone,
  }),
  listSites: method({
    summary: 'The active sites this desk knows (all of them at the head office), by code.',
    kind: 'query',
    input: z.object({}).default({}),
    output: z.array(SiteChoice),
    roles: everyone,
  }),
  listWorkshops: method({
    summary: 'The active workshops (own and partner) a device can be sent to, by name.',
    kind: 'query',
    input: z.object({}).default({}),
    output: z.array(Workshop),
    roles: everyone,
  }),
  getSiteDetails: method({
    summary:
      "A site's name and legal details, with its code, kind, country, currency and time zone: this desk's own site, or any site at the head office.",
    kind: 'query',
    input: z.object({ siteId: Id.optional() }).default({}),
    output: SiteDetails,
    roles: managersAndAdmins,
  }),
  updateSiteDetails: method({
    summary:
      "Correct a site's name and legal details (what its receipts, slips and invoices print): this desk's own site, or any site at the head office. Replicates as `site.update`.",
    kind: 'mutation',
    input: SiteDetailsChanges.extend({ siteId: Id.optional() }),
    output: SiteDetails,
    roles: ['admin'],
  }),
};
