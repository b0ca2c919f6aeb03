import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DeviceCategory } from '../db/schema/customers';
import type { WarrantyBasis } from '../db/schema/orders';
import {
  fieldTable,
  orderHeading,
  listOrNone,
  sectionTitle,
  sheetDecorations,
  sheetPage,
  signatureLines,
  trainingBand,
  type FieldRow,
  type Issuer,
  type PrintSettings,
  type SheetFormat,
} from './layout';
import type { LegalTexts } from './legal-texts';
import { formatDateTime, formatIsoDate, formatMoney } from './printed-values';
import { translateCode, type DocumentT } from './translations';

/** Everything printed on an intake receipt, read from the desk beforehand. */
export interface IntakeReceiptModel {
  settings: PrintSettings;
  issuer: Issuer;
  legal: LegalTexts;
  order: {
    number: string;
    /** ms UTC */
    receivedAt: number;
    staffName: string;
    complaint: string;
    condition: string[];
    conditionNotes: string | null;
    accessories: string[];
    accessoriesNotes: string | null;
    warrantyBasis: WarrantyBasis;
    proofOfPurchase: string | null;
    /** Minor units of the site's currency. */
    preauthorisedAmount: number;
    diagnosisFee: number;
    deposit: number;
    itemValue: number | null;
    /** `YYYY-MM-DD` in the site's zone. */
    promisedOn: string | null;
  };
  customer: {
    name: string;
    phone: string;
    email: string | null;
    privacyConsentVersion: string | null;
    privacyConsentAt: number | null;
  };
  device: {
    category: DeviceCategory;
    brand: string;
    model: string;
    serial: string | null;
    imei: string | null;
  };
  /** What the QR code carries: the order number or its status page. */
  qrContent: string;
}

export function printablePhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

function consentLine(model: IntakeReceiptModel, t: DocumentT): string {
  const { privacyConsentVersion: version, privacyConsentAt: at } = model.customer;
  if (!version) return t('value.consentMissing');
  if (at === null) return t('value.consentGivenUndated', { version });
  return t('value.consentGiven', { version, date: formatDateTime(at, model.settings) });
}

function withNotes(items: string, notes: string | null): string {
  return notes ? `${items}\n${notes}` : items;
}

function orderRows(model: IntakeReceiptModel, t: DocumentT): FieldRow[] {
  return [
    [t('field.orderNumber'), model.order.number],
    [t('field.receivedAt'), formatDateTime(model.order.receivedAt, model.settings)],
    [t('field.staff'), model.order.staffName],
  ];
}

function customerRows(model: IntakeReceiptModel, t: DocumentT): FieldRow[] {
  const { customer } = model;
  return [
    [t('field.name'), customer.name],
    [t('field.phone'), printablePhone(customer.phone)],
    ...(customer.email ? [[t('field.email'), customer.email] as const] : []),
    [t('field.consent'), consentLine(model, t)],
  ];
}

function deviceRows(model: IntakeReceiptModel, t: DocumentT): FieldRow[] {
  const { device } = model;
  return [
    [t('field.category'), translateCode(t, 'category', device.category)],
    [t('field.brandModel'), `${device.brand} ${device.model}`],
    ...(device.serial ? [[t('field.serial'), device.serial] as const] : []),
    ...(device.imei ? [[t('field.imei'), device.imei] as const] : []),
  ];
}

function conditionRows(model: IntakeReceiptModel, t: DocumentT): FieldRow[] {
  const { order } = model;
  const condition = order.condition.map((code) => translateCode(t, 'condition', code));
  const accessories = order.accessories.map((code) => translateCode(t, 'accessory', code));
  return [
    [t('section.condition'), withNotes(listOrNone(condition, t, 'noDamage'), order.conditionNotes)],
    [
      t('section.accessories'),
      withNotes(listOrNone(accessories, t, 'noAccessories'), order.accessoriesNotes),
    ],
  ];
}

function moneyRows(model: IntakeReceiptModel, t: DocumentT): FieldRow[] {
  const { order, settings } = model;
  const money = (minor: number) => formatMoney(minor, settings);
  return [
    [t('field.warrantyBasis'), t(`warrantyBasis.${order.warrantyBasis}`)],
    ...(order.proofOfPurchase
      ? [[t('field.proofOfPurchase'), order.proofOfPurchase] as const]
      : []),
    [t('field.preauthorised'), money(order.preauthorisedAmount)],
    [t('field.diagnosisFee'), money(order.diagnosisFee)],
    [t('field.deposit'), money(order.deposit)],
    [
      t('field.promisedOn'),
      order.promisedOn ? formatIsoDate(order.promisedOn, settings) : t('value.notAgreed'),
    ],
    [t('field.itemValue'), order.itemValue === null ? t('value.notSet') : money(order.itemValue)],
  ];
}

function termsBlock(model: IntakeReceiptModel, t: DocumentT, format: SheetFormat): Content[] {
  const { legal } = model;
  const rows: FieldRow[] = [
    [t('field.storageTerms'), legal.storageTerms],
    [t('field.dataLoss'), legal.dataLossDisclaimer],
    ...(legal.itemValueNotice ? [[t('field.itemValue'), legal.itemValueNotice] as const] : []),
    [t('field.privacy'), legal.privacyNotice],
    [t('field.termsVersion'), legal.version],
  ];
  return [sectionTitle(t('section.terms')), asSmall(fieldTable(rows, format))];
}

function asSmall(content: Content): Content {
  return { stack: [content], style: 'small' };
}

/** The intake receipt as a pdfmake document: 80 mm roll or A4, in the desk's language. */
export function intakeReceiptDocument(
  model: IntakeReceiptModel,
  t: DocumentT,
  format: SheetFormat,
): TDocumentDefinitions {
  const training = model.settings.training;
  // A fresh band each time: pdfmake consumes the content nodes it lays out.
  const rollBand = (): Content[] => (training && format === '80mm' ? [trainingBand(t)] : []);
  const content: Content[] = [
    ...rollBand(),
    ...orderHeading(
      {
        issuer: model.issuer,
        title: t('title.intakeReceipt'),
        orderNumber: model.order.number,
        qrContent: model.qrContent,
      },
      t,
      format,
    ),
    sectionTitle(t('section.order')),
    fieldTable(orderRows(model, t), format),
    sectionTitle(t('section.customer')),
    fieldTable(customerRows(model, t), format),
    sectionTitle(t('section.device')),
    fieldTable([...deviceRows(model, t), ...conditionRows(model, t)], format),
    sectionTitle(t('section.complaint')),
    { text: model.order.complaint },
    sectionTitle(t('section.money')),
    fieldTable(moneyRows(model, t), format),
    ...termsBlock(model, t, format),
    signatureLines([t('signature.staff'), t('signature.customer')], format),
    ...rollBand(),
  ];
  return {
    ...sheetPage(format),
    info: { title: `${t('title.intakeReceipt')} ${model.order.number}` },
    ...sheetDecorations(format, model.order.number, t, training),
    content,
  };
}
