import enAuth from './locales/en/auth.json';
import enCommon from './locales/en/common.json';
import enErrors from './locales/en/errors.json';
import enIntake from './locales/en/intake.json';
import enNav from './locales/en/nav.json';
import enOrders from './locales/en/orders.json';
import enReception from './locales/en/reception.json';
import itAuth from './locales/it/auth.json';
import itCommon from './locales/it/common.json';
import itErrors from './locales/it/errors.json';
import itIntake from './locales/it/intake.json';
import itNav from './locales/it/nav.json';
import itOrders from './locales/it/orders.json';
import itReception from './locales/it/reception.json';
import ruAuth from './locales/ru/auth.json';
import ruCommon from './locales/ru/common.json';
import ruErrors from './locales/ru/errors.json';
import ruIntake from './locales/ru/intake.json';
import ruNav from './locales/ru/nav.json';
import ruOrders from './locales/ru/orders.json';
import ruReception from './locales/ru/reception.json';

export const languages = ['en', 'it', 'ru'] as const;
export type Language = (typeof languages)[number];

export const namespaces = [
  'common',
  'nav',
  'errors',
  'intake',
  'orders',
  'reception',
  'auth',
] as const;

/** Every translation, bundled: the desk works offline and switches language instantly. */
export const resources = {
  en: {
    common: enCommon,
    auth: enAuth,
    nav: enNav,
    errors: enErrors,
    intake: enIntake,
    orders: enOrders,
    reception: enReception,
  },
  it: {
    common: itCommon,
    auth: itAuth,
    nav: itNav,
    errors: itErrors,
    intake: itIntake,
    orders: itOrders,
    reception: itReception,
  },
  ru: {
    common: ruCommon,
    auth: ruAuth,
    nav: ruNav,
    errors: ruErrors,
    intake: ruIntake,
    orders: ruOrders,
    reception: ruReception,
  },
} satisfies Record<Language, Record<(typeof namespaces)[number], object>>;
