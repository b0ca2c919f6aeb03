import type { Content, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces';
import { code128, qrCode } from './barcodes';
import type { SiteLegal } from '../db/schema/sites';
import type { SiteLocale } from './printed-values';
import type { DocumentLanguage, DocumentT } from './translations';

/** Everything a document needs to know about how and where it is printed. */
export interface PrintSettings extends SiteLocale {
  lang: DocumentLanguage;
  /** Printed from the practice database: every page must say so. */
  training: boolean;
}

/** The business that issues the document, as its legal details must appear. */
export interface Issuer {
  siteName: string;
  siteCode: string;
  country: string;
  legal: SiteLegal;
}

export type SheetFormat = '80mm' | 'a4';
export type LabelFormat = '62x29' | '40x20';

export const mm = (millimetres: number) => (millimetres * 72) / 25.4;

/** Printable width of each sheet format, in points. */
export const contentWidth: Record<SheetFormat, number> = { '80mm': mm(72), a4: mm(180) };

/**
 * Page set-up. The roll is 80 mm wide with a height fitted to the content (pdfmake's
 * `height: 'auto'`), so a thermal printer cuts it where the text ends and never feeds A4.
 */
export function sheetPage(
  format: SheetFormat,
): Pick<TDocumentDefinitions, 'pageSize' | 'pageMargins' | 'defaultStyle' | 'styles'> {
  const roll = format === '80mm';
  return {
    pageSize: roll ? { width: mm(80), height: 'auto' } : 'A4',
    pageMargins: roll ? [mm(4), mm(3), mm(4), mm(8)] : [mm(15), mm(18), mm(15), mm(15)],
    defaultStyle: { font: 'Roboto', fontSize: roll ? 7.5 : 9, lineHeight: 1.1 },
    styles: {
      title: { fontSize: roll ? 11 : 15, bold: true },
      orderNumber: { fontSize: roll ? 12 : 16, bold: true },
      section: { fontSize: roll ? 8 : 10, bold: true, margin: [0, roll ? 5 : 7, 0, 2] },
      legalName: { fontSize: roll ? 9 : 11, bold: true },
      small: { fontSize: roll ? 6.5 : 7.5 },
      fieldLabel: { color: '#333333' },
      training: { bold: true, color: 'white', fontSize: roll ? 9 : 11, alignment: 'center' },
    },
  };
}

/** The training marker: a black band across the content, impossible to miss. */
export function trainingBand(t: DocumentT): Content {
  return {
    table: { widths: ['*'], body: [[{ text: t('training'), style: 'training' }]] },
    layout: {
      fillColor: () => '#000000',
      defaultBorder: false,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 2, 0, 4],
  };
}

/**
 * What repeats on every A4 page: the order number with the page count in the footer, and in
 * training mode a band in the header plus a watermark. The roll is one page and needs none.
 */
export function sheetDecorations(
  format: SheetFormat,
  orderNumber: string,
  t: DocumentT,
  training: boolean,
): Pick<TDocumentDefinitions, 'header' | 'footer' | 'watermark'> {
  if (format === '80mm') return {};
  return {
    footer: (page, pages) => ({
      text: `${orderNumber} · ${page}/${pages}`,
      alignment: 'right',
      fontSize: 7,
      margin: [mm(15), mm(5), mm(15), 0],
    }),
    ...(training ? { header: () => trainingHeader(t), watermark: trainingWatermark(t) } : {}),
  };
}

export function trainingWatermark(t: DocumentT): TDocumentDefinitions['watermark'] {
  return { text: t('training'), color: '#888888', opacity: 0.25, bold: true };
}

function legalLabel(t: DocumentT, key: string, country: string): string {
  return t([`legal.${key}_${country.toUpperCase()}`, `legal.${key}`]);
}

/** Legal name, address and registration numbers of the issuer. */
export function issuerBlock(issuer: Issuer, t: DocumentT): Content[] {
  const { legal, country } = issuer;
  const ids = [
    legal.vatNumber ? `${legalLabel(t, 'vatNumber', country)} ${legal.vatNumber}` : null,
    legal.taxCode ? `${legalLabel(t, 'taxCode', country)} ${legal.taxCode}` : null,
    legal.registrationNumber
      ? `${legalLabel(t, 'registrationNumber', country)} ${legal.registrationNumber}`
      : null,
  ].filter((line): line is string => line !== null);
  const contacts = [
    legal.phone ? `${t('legal.phone')} ${legal.phone}` : null,
    legal.email ? `${t('legal.email')} ${legal.email}` : null,
  ].filter((line): line is string => line !== null);
  return [
    { text: legal.legalName, style: 'legalName' },
    { text: legal.address },
    ...(ids.length ? [{ text: ids.join(' · ') }] : []),
    ...(contacts.length ? [{ text: contacts.join(' · ') }] : []),
    { text: `${t('field.site')}: ${issuer.siteName} (${issuer.siteCode})`, style: 'small' },
  ];
}

const fieldTableLayout: CustomTableLayout = {
  defaultBorder: false,
  paddingLeft: () => 0,
  paddingRight: () => 4,
  paddingTop: () => 0.5,
  paddingBottom: () => 0.5,
};

export type FieldRow = readonly [label: string, value: string];

/** Label and value side by side, the value wrapping in its own column. */
export function fieldTable(rows: readonly FieldRow[], format: SheetFormat): Content {
  return {
    table: {
      widths: [format === '80mm' ? mm(24) : mm(48), '*'],
      body: rows.map(([label, value]) => [{ text: label, style: 'fieldLabel' }, { text: value }]),
    },
    layout: fieldTableLayout,
  };
}

export function sectionTitle(text: string): Content {
  return { text, style: 'section' };
}

/** Signature lines with room to sign: side by side on A4, one under the other on the roll. */
export function signatureLines(captions: readonly string[], format: SheetFormat): Content {
  const width = format === '80mm' ? contentWidth['80mm'] : mm(80);
  const line = (caption: string): Content => ({
    stack: [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6 }] },
      { text: caption, style: 'small', margin: [0, 2, 0, 0] },
    ],
    margin: [0, format === '80mm' ? 22 : 30, 0, 0],
    unbreakable: true,
  });
  if (format === '80mm') return { stack: captions.map(line) };
  return { columns: captions.map(line), columnGap: mm(20) };
}

/** A list of short items as one comma-separated line, or what an empty list means there. */
export function listOrNone(
  items: readonly string[],
  t: DocumentT,
  none: 'noDamage' | 'noAccessories' | 'noParts',
): string {
  return items.length ? items.join(', ') : t(`value.${none}`);
}

/** The training band repeated in the top margin of every A4 page. */
export function trainingHeader(t: DocumentT): Content {
  return { stack: [trainingBand(t)], margin: [mm(15), mm(4), mm(15), 0] };
}

/**
 * The top of an order's document: the issuer's legal details, the title, the order number
 * with its Code128 barcode, and the QR code. Centred on the roll; two rows of columns on A4.
 */
export function orderHeading(
  heading: { issuer: Issuer; title: string; orderNumber: string; qrContent: string },
  t: DocumentT,
  format: SheetFormat,
): Content[] {
  const roll = format === '80mm';
  const qr = qrCode(heading.qrContent, roll ? mm(24) : mm(28));
  // Narrower than the roll so the bars keep a quiet zone the scanner needs on each side.
  const barcode = code128(heading.orderNumber, {
    width: roll ? mm(60) : mm(75),
    height: roll ? mm(10) : mm(12),
  });
  const title: Content = { text: heading.title, style: 'title' };
  const number: Content = { text: heading.orderNumber, style: 'orderNumber' };
  if (roll) {
    return [
      { stack: issuerBlock(heading.issuer, t), alignment: 'center' },
      { ...title, alignment: 'center', margin: [0, 6, 0, 0] },
      { ...number, alignment: 'center' },
      { ...barcode, alignment: 'center', margin: [0, 3, 0, 3] },
      { ...qr, alignment: 'center' },
    ];
  }
  return [
    {
      columns: [
        { stack: issuerBlock(heading.issuer, t), width: '*' },
        { ...qr, width: 'auto' },
      ],
      columnGap: mm(6),
    },
    {
      columns: [
        { stack: [title, number], width: '*' },
        { stack: [barcode], width: 'auto' },
      ],
      margin: [0, mm(5), 0, mm(2)],
    },
  ];
}
