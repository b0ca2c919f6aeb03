import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { replicated } from './columns';

export type CustomerKind = 'person' | 'company';

export const customers = sqliteTable(
  'customers',
  {
    ...replicated,
    kind: text('kind').$type<CustomerKind>().notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    email: text('email'),
    taxId: text('tax_id'),
    vatNumber: text('vat_number'),
    address: text('address'),
    privacyConsentVersion: text('privacy_consent_version'),
    privacyConsentAt: integer('privacy_consent_at'),
    termsVersion: text('terms_version'),
    notes: text('notes'),
    erasedAt: integer('erased_at'),
  },
  (t) => [index('customers_phone').on(t.phone), index('customers_name').on(t.name)],
);

export type DeviceCategory =
  | 'phone'
  | 'tablet'
  | 'laptop'
  | 'tv'
  | 'large_appliance'
  | 'small_appliance'
  | 'footwear'
  | 'other';

export const devices = sqliteTable(
  'devices',
  {
    ...replicated,
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    category: text('category').$type<DeviceCategory>().notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    serial: text('serial'),
    imei: text('imei'),
    purchaseDate: text('purchase_date'),
    proofOfPurchase: text('proof_of_purchase'),
    manufacturerWarrantyEnd: text('manufacturer_warranty_end'),
  },
  (t) => [
    index('devices_customer').on(t.customerId),
    index('devices_serial').on(t.serial),
    index('devices_imei').on(t.imei),
    index('devices_brand_model').on(t.brand, t.model),
  ],
);
