import { eq } from 'drizzle-orm';
import { DomainError } from '../contract/errors';
import type { Db } from '../db/open';
import { customers, devices, repairOrders, settings, sites, users } from '../db/schema';
import type { Issuer, PrintSettings } from './layout';
import type { DocumentLanguage } from './translations';

/** Settings of this desk that printed documents read (local `settings` table). */
export const documentSettingKeys = {
  /** The practice database: every printout is marked as training. */
  training: 'desk.trainingMode',
  /** e.g. `https://status.example.com/o/{number}`; the QR carries the plain number without it. */
  statusUrlTemplate: 'documents.statusUrlTemplate',
} as const;

export function deskSetting(db: Db, key: string): unknown {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()
    ?.value;
}

export interface DocumentOptions {
  lang: DocumentLanguage;
  /** Overrides the desk's training setting (tests, previews). */
  training?: boolean;
}

/** An order with its customer, device, intake site and the person who took it in. */
export function readOrderForDocument(db: Db, orderNumber: string) {
  const row = db
    .select({
      order: repairOrders,
      customer: customers,
      device: devices,
      site: sites,
      staff: users,
    })
    .from(repairOrders)
    .innerJoin(customers, eq(customers.id, repairOrders.customerId))
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .innerJoin(sites, eq(sites.id, repairOrders.intakeSiteId))
    .innerJoin(users, eq(users.id, repairOrders.createdBy))
    .where(eq(repairOrders.number, orderNumber))
    .get();
  if (!row) throw new DomainError('not_found', { entity: 'order', number: orderNumber });
  return row;
}

export type OrderForDocument = ReturnType<typeof readOrderForDocument>;

export function issuerOf(site: OrderForDocument['site']): Issuer {
  return { siteName: site.name, siteCode: site.code, country: site.country, legal: site.legal };
}

export function printSettingsFor(
  db: Db,
  site: OrderForDocument['site'],
  options: DocumentOptions,
): PrintSettings {
  return {
    lang: options.lang,
    training: options.training ?? deskSetting(db, documentSettingKeys.training) === true,
    locale: site.locale,
    currency: site.currency,
    timezone: site.timezone,
  };
}
