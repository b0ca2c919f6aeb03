import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { code128 } from './barcodes';
import { mm, trainingWatermark, type LabelFormat, type PrintSettings } from './layout';
import { formatIsoDate } from './printed-values';
import type { DocumentT } from './translations';

/** What goes on the sticker fixed to a device at intake. */
export interface DeviceLabelModel {
  settings: PrintSettings;
  orderNumber: string;
  customerSurname: string;
  /** `YYYY-MM-DD` in the site's zone. */
  promisedOn: string | null;
  deviceName: string;
}

/** Sizes in mm; the barcode leaves a quiet zone of `quiet` mm beside the margin on each side. */
const labelSizes: Record<
  LabelFormat,
  { width: number; height: number; margin: number; quiet: number }
> = {
  '62x29': { width: 62, height: 29, margin: 2, quiet: 2 },
  '40x20': { width: 40, height: 20, margin: 1.5, quiet: 1 },
};

/** A label is one line per field: text that could wrap is cut so the label never spills onto a second one. */
function oneLine(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/**
 * The family name for the sticker. Russian practice writes it first ("Иванов Иван"); elsewhere
 * it comes last. A company's whole name is printed.
 */
export function surnameOf(name: string, kind: 'person' | 'company', country: string): string {
  if (kind === 'company') return name.trim();
  const parts = name.trim().split(/\s+/);
  return (country.toUpperCase() === 'RU' ? parts[0] : parts.at(-1)) ?? name;
}

export function deviceLabelDocument(
  model: DeviceLabelModel,
  t: DocumentT,
  format: LabelFormat,
): TDocumentDefinitions {
  const size = labelSizes[format];
  const small = format === '40x20';
  const inner = size.width - 2 * size.margin;
  const due = model.promisedOn
    ? `${t('field.due')} ${formatIsoDate(model.promisedOn, model.settings)}`
    : '';
  const content: Content[] = [
    {
      ...code128(model.orderNumber, {
        width: mm(inner - 2 * size.quiet),
        height: mm(small ? 6.5 : 9),
      }),
      alignment: 'center',
    },
    {
      text: model.orderNumber,
      bold: true,
      fontSize: small ? 7.5 : 10,
      alignment: 'center',
      margin: [0, 1, 0, 0],
    },
    {
      columns: [
        { text: oneLine(model.customerSurname, small ? 14 : 22), bold: true, width: '*' },
        { text: due, width: 'auto', alignment: 'right' },
      ],
      fontSize: small ? 6 : 8,
      columnGap: 2,
    },
    ...(small
      ? []
      : [
          { text: oneLine(model.deviceName, 42), fontSize: 6.5, margin: [0, 0.5, 0, 0] } as Content,
        ]),
    ...(model.settings.training
      ? [
          {
            text: t('training'),
            bold: true,
            fontSize: small ? 4.5 : 6,
            alignment: 'center',
          } as Content,
        ]
      : []),
  ];
  return {
    pageSize: { width: mm(size.width), height: mm(size.height) },
    pageMargins: mm(size.margin),
    defaultStyle: { font: 'Roboto', lineHeight: 1 },
    info: { title: `${t('title.deviceLabel')} ${model.orderNumber}` },
    ...(model.settings.training ? { watermark: trainingWatermark(t) } : {}),
    content,
  };
}
