import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DeviceCategory } from '../db/schema/customers';
import type { LineKind } from '../db/schema/orders';
import {
  fieldTable,
  listOrNone,
  orderHeading,
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
import { formatIsoDate, type SiteLocale } from './printed-values';
import { translateCode, type DocumentT } from './translations';

export interface WarrantySlipLine {
  kind: LineKind;
  description: string;
  /** Thousandths, as order lines store quantities. */
  quantityMilli: number;
  /** 0 when the line carries no warranty. */
  warrantyMonths: number;
  /** `YYYY-MM-DD`: the day coverage of this line ends; null without warranty. */
  endsOn: string | null;
}

/** Everything printed on a warranty slip; complete on its own, so a reprint needs nothing else. */
export interface WarrantySlipModel {
  settings: PrintSettings;
  /** The guarantor: the business that gives the warranty. */
  issuer: Issuer;
  legal: LegalTexts;
  orderNumber: string;
  customerName: string;
  device: {
    category: DeviceCategory;
    brand: string;
    model: string;
    serial: string | null;
    imei: string | null;
  };
  complaint: string;
  /** `YYYY-MM-DD`: the day the device went back to the customer; coverage starts then. */
  handedOverOn: string;
  lines: WarrantySlipLine[];
  /** The dates Russian law asks for (art. 20(3)); printed when the legal texts ask for them. */
  repairDates: {
    requestedOn: string;
    handedInOn: string;
    repairedOn: string | null;
    returnedOn: string;
  };
  qrContent: string;
}

function quantity(line: WarrantySlipLine, site: SiteLocale): string {
  return new Intl.NumberFormat(site.locale, { maximumFractionDigits: 3 }).format(
    line.quantityMilli / 1000,
  );
}

function lineList(
  lines: WarrantySlipLine[],
  site: SiteLocale,
  t: DocumentT,
  none: 'noWork' | 'noParts',
): Content {
  if (!lines.length) return { text: t(`value.${none}`) };
  return { ul: lines.map((line) => `${quantity(line, site)} × ${line.description}`) };
}

function coverageText(line: WarrantySlipLine, t: DocumentT): string {
  return line.warrantyMonths > 0
    ? t('coverage.months', { count: line.warrantyMonths })
    : t('coverage.noWarranty');
}

function coverageBlock(model: WarrantySlipModel, t: DocumentT, format: SheetFormat): Content {
  const date = (iso: string | null) => (iso ? formatIsoDate(iso, model.settings) : '—');
  const start = date(model.handedOverOn);
  const lines = model.lines;
  if (format === '80mm') {
    return {
      stack: lines.map((line) => ({
        stack: [
          { text: line.description, bold: true },
          {
            text:
              line.warrantyMonths > 0
                ? `${coverageText(line, t)}: ${start} – ${date(line.endsOn)}`
                : coverageText(line, t),
          },
        ],
        margin: [0, 0, 0, 2],
      })),
    };
  }
  const header = [
    t('coverage.line'),
    t('coverage.period'),
    t('coverage.from'),
    t('coverage.until'),
  ];
  return {
    table: {
      headerRows: 1,
      widths: ['*', 'auto', 'auto', 'auto'],
      body: [
        header.map((text) => ({ text, bold: true })),
        ...lines.map((line) => [
          line.description,
          coverageText(line, t),
          line.warrantyMonths > 0 ? start : '—',
          date(line.endsOn),
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
  };
}

function repairDatesBlock(model: WarrantySlipModel, t: DocumentT, format: SheetFormat): Content[] {
  const notice = model.legal.repairDatesNotice;
  if (!notice) return [];
  const dates = model.repairDates;
  const date = (iso: string | null) => (iso ? formatIsoDate(iso, model.settings) : '—');
  const parts = model.lines.filter((line) => line.kind === 'part').map((line) => line.description);
  const rows: FieldRow[] = [
    [t('field.requestDate'), date(dates.requestedOn)],
    [t('field.handedInDate'), date(dates.handedInOn)],
    [t('field.repairDate'), date(dates.repairedOn)],
    [t('field.returnDate'), date(dates.returnedOn)],
    [t('field.defect'), model.complaint],
    [t('field.partsUsed'), listOrNone(parts, t, 'noParts')],
  ];
  return [
    sectionTitle(t('section.repairDates')),
    fieldTable(rows, format),
    { text: notice, style: 'small', margin: [0, 2, 0, 0] },
  ];
}

function deviceRows(model: WarrantySlipModel, t: DocumentT): FieldRow[] {
  const { device } = model;
  return [
    [t('field.orderNumber'), model.orderNumber],
    [t('field.name'), model.customerName],
    [t('field.category'), translateCode(t, 'category', device.category)],
    [t('field.brandModel'), `${device.brand} ${device.model}`],
    ...(device.serial ? [[t('field.serial'), device.serial] as const] : []),
    ...(device.imei ? [[t('field.imei'), device.imei] as const] : []),
    [t('field.handedOverOn'), formatIsoDate(model.handedOverOn, model.settings)],
  ];
}

/** The warranty slip as a pdfmake document: 80 mm roll or A4, in the desk's language. */
export function warrantySlipDocument(
  model: WarrantySlipModel,
  t: DocumentT,
  format: SheetFormat,
): TDocumentDefinitions {
  const { legal, settings } = model;
  const work = model.lines.filter((line) => line.kind === 'labour');
  const parts = model.lines.filter((line) => line.kind === 'part');
  // A fresh band each time: pdfmake consumes the content nodes it lays out.
  const rollBand = (): Content[] =>
    settings.training && format === '80mm' ? [trainingBand(t)] : [];
  const content: Content[] = [
    ...rollBand(),
    ...orderHeading(
      {
        issuer: model.issuer,
        title: t('title.warrantySlip'),
        orderNumber: model.orderNumber,
        qrContent: model.qrContent,
      },
      t,
      format,
    ),
    sectionTitle(t('section.device')),
    fieldTable(deviceRows(model, t), format),
    sectionTitle(t('section.work')),
    lineList(work, settings, t, 'noWork'),
    sectionTitle(t('section.parts')),
    lineList(parts, settings, t, 'noParts'),
    sectionTitle(t('section.coverage')),
    coverageBlock(model, t, format),
    ...repairDatesBlock(model, t, format),
    sectionTitle(t('section.exclusions')),
    { ul: legal.warrantyExclusions },
    sectionTitle(t('section.statutoryRights')),
    { text: legal.statutoryRights },
    sectionTitle(t('section.claimProcedure')),
    { text: legal.claimProcedure },
    sectionTitle(t('section.guarantor')),
    { text: `${model.issuer.legal.legalName}, ${model.issuer.legal.address}` },
    { text: `${t('field.termsVersion')}: ${legal.version}`, style: 'small', margin: [0, 4, 0, 0] },
    signatureLines([t('signature.staff'), t('signature.customer')], format),
    ...rollBand(),
  ];
  return {
    ...sheetPage(format),
    info: { title: `${t('title.warrantySlip')} ${model.orderNumber}` },
    ...sheetDecorations(format, model.orderNumber, t, settings.training),
    content,
  };
}
