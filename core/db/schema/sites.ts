import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { json, replicated } from './columns';

export type SiteKind = 'head_office' | 'reception' | 'workshop_own' | 'workshop_partner';

export interface SiteLegal {
  legalName: string;
  address: string;
  vatNumber?: string;
  taxCode?: string;
  registrationNumber?: string;
  phone?: string;
  email?: string;
}

export const sites = sqliteTable(
  'sites',
  {
    ...replicated,
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<SiteKind>().notNull(),
    timezone: text('timezone').notNull(),
    country: text('country').notNull(),
    currency: text('currency').notNull(),
    locale: text('locale').notNull(),
    legal: json<SiteLegal>('legal').notNull(),
    slaPolicyId: text('sla_policy_id'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('sites_code').on(t.code)],
);

export type Role = 'receptionist' | 'technician' | 'accountant' | 'manager' | 'admin';

export const users = sqliteTable(
  'users',
  {
    ...replicated,
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    login: text('login').notNull(),
    roles: json<Role[]>('roles').notNull(),
    passwordHash: text('password_hash'),
    pinHash: text('pin_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('users_login').on(t.login), index('users_site').on(t.siteId)],
);

/** Business calendar exceptions per site (holidays, government day transfers). */
export const calendarExceptions = sqliteTable(
  'calendar_exceptions',
  {
    ...replicated,
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    day: text('day').notNull(),
    kind: text('kind').$type<'closed' | 'open'>().notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('calendar_exceptions_site_day').on(t.siteId, t.day)],
);
