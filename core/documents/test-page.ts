import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { PaperFormat } from '../contract/documents';
import { code128, qrCode } from './barcodes';
import { mm } from './layout';
import { formatDateTime, type SiteLocale } from './printed-values';
import type { DocumentT } from './translations';

/** Everything a printer test page shows besides its paper. */
export interface TestPageModel {
  site: SiteLocale & { code: string; name: string };
  printer: string | null;
  printedAt: number;
}

/** Page and margins in mm; the frame is drawn on the margins, so a cut edge shows at once. */
const papers: Record<PaperFormat, { width: number; height: number | 'auto'; margin: number }> = {
  '80mm': { width: 80, height: 'auto', margin: 4 },
  a4: { width: 210, height: 297, margin: 15 },
  label_62x29: { width: 62, height: 29, margin: 2 },
  label_40x20: { width: 40, height: 20, margin: 1.5 },
};

/** Letters every desk prints: Italian accents, Cyrillic, the euro and rouble signs. */
const sampleText = 'àèéìòù ÀÈÉÌÒÙ · Ёё Жж Щщ Юю Яя · € ₽ · 0123456789';

/**
 * A test page for one paper: a frame along the printable edges (a clipped side shows the
 * paper or margins are wrong), the paper's name, the printer it was sent to, text in the
 * desk's alphabets and the barcodes the real documents carry, so a scanner can be tried too.
 */
export function testPageDocument(
  model: TestPageModel,
  t: DocumentT,
  format: PaperFormat,
): TDocumentDefinitions {
  const paper = papers[format];
  const label = format.startsWith('label_');
  const inner = paper.width - 2 * paper.margin;
  const code = `TEST-${model.site.code}`;
  const lines: Content[] = [
    { text: t('testPage.title'), bold: true, fontSize: label ? 7 : 12 },
    {
      text: `${t('testPage.paper')}: ${t(`testPage.format.${format}`)}`,
      fontSize: label ? 5.5 : 9,
    },
  ];
  if (format !== 'label_40x20') {
    lines.push(
      {
        text: `${t('testPage.printer')}: ${model.printer ?? t('testPage.systemDialog')}`,
        fontSize: label ? 5.5 : 9,
      },
      ...(label
        ? []
        : ([
            { text: `${model.site.code} · ${model.site.name}`, fontSize: 9 },
            { text: formatDateTime(model.printedAt, model.site), fontSize: 9 },
            { text: sampleText, fontSize: 9, margin: [0, 4, 0, 4] },
            { text: t('testPage.edges'), fontSize: 8 },
            { text: t('testPage.scan'), fontSize: 8, margin: [0, 0, 0, 4] },
          ] as Content[])),
    );
  }
  const barcodeWidth = Math.min(inner - 4, 60);
  lines.push({
    ...code128(code, { width: mm(barcodeWidth), height: mm(label ? 5 : 10) }),
    alignment: 'center',
    margin: [0, label ? 1 : 4, 0, 2],
  });
  if (!label) lines.push({ ...qrCode(code, mm(20)), alignment: 'center', margin: [0, 2, 0, 2] });

  const height = paper.height;
  const padding = mm(label ? 0.5 : 2);
  const frameWidth = 0.8;
  const page = {
    pageSize: { width: mm(paper.width), height: height === 'auto' ? 'auto' : mm(height) },
    pageMargins: mm(paper.margin),
    defaultStyle: { font: 'Roboto', lineHeight: 1.1 },
    info: { title: t('testPage.title') },
  } satisfies Partial<TDocumentDefinitions>;
  if (height === 'auto')
    // On the roll the page is as long as its content: the frame is one bordered cell round it.
    return {
      ...page,
      content: {
        table: { widths: ['*'], body: [[{ stack: lines }]] },
        layout: {
          hLineWidth: () => frameWidth,
          vLineWidth: () => frameWidth,
          paddingLeft: () => padding,
          paddingRight: () => padding,
          paddingTop: () => padding,
          paddingBottom: () => padding,
        },
      },
    };
  // A sheet or a label has its size: the frame follows its margins all round, whatever the
  // content's height, so a label printed short or shifted shows at once.
  return {
    ...page,
    background: () => ({
      canvas: [
        {
          type: 'rect',
          x: mm(paper.margin),
          y: mm(paper.margin),
          w: mm(paper.width - 2 * paper.margin),
          h: mm(height - 2 * paper.margin),
          lineWidth: frameWidth,
        },
      ],
      absolutePosition: { x: 0, y: 0 },
    }),
    content: { stack: lines, margin: padding },
  };
}
