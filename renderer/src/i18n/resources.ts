import enAuth from './locales/en/auth.json';
import enCommon from './locales/en/common.json';
import enNav from './locales/en/nav.json';
import enErrors from './locales/en/errors.json';
import enIntake from './locales/en/intake.json';
import enOrders from './locales/en/orders.json';
import enReception from './locales/en/reception.json';
import enCounterChecklist from './locales/en/counter-checklist.json';
import enOrderPage from './locales/en/orderPage.json';
import enDocuments from './locales/en/documents.json';
import enPhotos from './locales/en/photos.json';
import enUncollected from './locales/en/uncollected.json';
import enSync from './locales/en/sync.json';
import enStock from './locales/en/stock.json';
import itAuth from './locales/it/auth.json';
import itCommon from './locales/it/common.json';
import itNav from './locales/it/nav.json';
import itErrors from './locales/it/errors.json';
import itIntake from './locales/it/intake.json';
import itOrders from './locales/it/orders.json';
import itReception from './locales/it/reception.json';
import itCounterChecklist from './locales/it/counter-checklist.json';
import itOrderPage from './locales/it/orderPage.json';
import itDocuments from './locales/it/documents.json';
import itPhotos from './locales/it/photos.json';
import itUncollected from './locales/it/uncollected.json';
import itSync from './locales/it/sync.json';
import itStock from './locales/it/stock.json';
import ruAuth from './locales/ru/auth.json';
import ruCommon from './locales/ru/common.json';
import ruNav from './locales/ru/nav.json';
import ruErrors from './locales/ru/errors.json';
import ruIntake from './locales/ru/intake.json';
import ruOrders from './locales/ru/orders.json';
import ruReception from './locales/ru/reception.json';
import ruCounterChecklist from './locales/ru/counter-checklist.json';
import ruOrderPage from './locales/ru/orderPage.json';
import ruDocuments from './locales/ru/documents.json';
import ruPhotos from './locales/ru/photos.json';
import ruUncollected from './locales/ru/uncollected.json';
import ruSync from './locales/ru/sync.json';
import ruStock from './locales/ru/stock.json';
import enShared from '../../../resources/i18n/shared/en.json';
import itShared from '../../../resources/i18n/shared/it.json';
import ruShared from '../../../resources/i18n/shared/ru.json';

export const languages = ['en', 'it', 'ru'] as const;
export type Language = (typeof languages)[number];

export const namespaces = [
  'common',
  'nav',
  'errors',
  'intake',
  'orders',
  'reception',
  'counter-checklist',
  'orderPage',
  'documents',
  'photos',
  'uncollected',
  'auth',
  'sync',
  'stock',
] as const;

type Shared = typeof enShared;

/**
 * The texts the desk's command line says too (`resources/i18n/shared`), put where the app reads
 * them: the order statuses in `common`, what a refused change was and why in `sync`.
 */
function withShared<C extends object, S extends { details: object }>(
  common: C,
  sync: S,
  shared: Shared,
) {
  return {
    common: { ...common, status: shared.status },
    sync: {
      ...sync,
      details: { ...sync.details, subject: shared.subject },
      change: shared.change,
      rejection: shared.rejection,
      rejectionFor: shared.rejectionFor,
    },
  };
}

/** Every translation, bundled: the desk works offline and switches language instantly. */
export const resources = {
  en: {
    ...withShared(enCommon, enSync, enShared),
    auth: enAuth,
    nav: enNav,
    errors: enErrors,
    intake: enIntake,
    orders: enOrders,
    reception: enReception,
    'counter-checklist': enCounterChecklist,
    orderPage: enOrderPage,
    documents: enDocuments,
    photos: enPhotos,
    uncollected: enUncollected,
    stock: enStock,
  },
  it: {
    ...withShared(itCommon, itSync, itShared),
    auth: itAuth,
    nav: itNav,
    errors: itErrors,
    intake: itIntake,
    orders: itOrders,
    reception: itReception,
    'counter-checklist': itCounterChecklist,
    orderPage: itOrderPage,
    documents: itDocuments,
    photos: itPhotos,
    uncollected: itUncollected,
    stock: itStock,
  },
  ru: {
    ...withShared(ruCommon, ruSync, ruShared),
    auth: ruAuth,
    nav: ruNav,
    errors: ruErrors,
    intake: ruIntake,
    orders: ruOrders,
    reception: ruReception,
    'counter-checklist': ruCounterChecklist,
    orderPage: ruOrderPage,
    documents: ruDocuments,
    photos: ruPhotos,
    uncollected: ruUncollected,
    stock: ruStock,
  },
} satisfies Record<Language, Record<(typeof namespaces)[number], object>>;
