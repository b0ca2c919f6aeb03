import { describe, expect, it } from 'vitest';
import { defaultPrinterSettings, type PrinterSettings } from '../../../core/contract/documents';
import { outbox, settings } from '../../../core/db/schema';
import { expectOk, testDesk } from '../../support/desk';
import { keepSample, pdfGreyPixels, pdfPageInfo, pdfText } from './document-builders';

const chosen: PrinterSettings = {
  receipt: { printer: 'EPSON_TM_T20III', paper: '80mm' },
  label: { printer: 'Brother_QL_820NWB', paper: 'label_40x20' },
  a4: { printer: null },
};

describe('printer settings: this PC’s printers, kept in the desk’s local settings', () => {
  it('start with no printer chosen (the system dialog asks) and the roll and 62 × 29 labels', async () => {
    const desk = testDesk();
    expect(await expectOk(desk.call('getPrinterSettings', {}))).toEqual(defaultPrinterSettings);
  });

  it('are saved locally and read back; nothing but the audit row reaches the outbox', async () => {
    const desk = testDesk();
    const outboxBefore = desk.db.select().from(outbox).all().length;
    expect(await expectOk(desk.call('updatePrinterSettings', chosen))).toEqual(chosen);
    expect(await expectOk(desk.call('getPrinterSettings', {}))).toEqual(chosen);
    const queued = desk.db.select().from(outbox).all().slice(outboxBefore);
    expect(queued.map((row) => row.name)).toEqual(['audit.append']);
    const keys = desk.db.select({ key: settings.key }).from(settings).all();
    expect(keys.map((k) => k.key)).toContain('printing.printers');
  });

  it('refuse a label paper for receipts, and a blank printer name', async () => {
    const desk = testDesk();
    const wrongPaper = await desk.call('updatePrinterSettings', {
      ...chosen,
      receipt: { printer: null, paper: 'label_62x29' },
    });
    expect(wrongPaper).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'receipt.paper' }] },
    });
    const blank = await desk.call('updatePrinterSettings', {
      ...chosen,
      a4: { printer: '   ' },
    });
    expect(blank).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await expectOk(desk.call('getPrinterSettings', {}))).toEqual(defaultPrinterSettings);
  });
});

describe('renderTestPage: a test page for each paper', () => {
  const sizes = {
    '80mm': { widthMm: 80 },
    a4: { widthMm: 210, heightMm: 297 },
    label_62x29: { widthMm: 62, heightMm: 29 },
    label_40x20: { widthMm: 40, heightMm: 20 },
  } as const;

  it.each(Object.entries(sizes))('%s comes on its own paper, one page', async (format, size) => {
    const desk = testDesk();
    const rendered = (await expectOk(
      desk.call('renderTestPage', { format, lang: 'en', printer: 'EPSON_TM_T20III' }),
    )) as { fileName: string; pdfBase64: string };
    const pdf = Buffer.from(rendered.pdfBase64, 'base64');
    keepSample(`test-page-${format}`, pdf);
    expect(rendered.fileName).toBe(`test-page-${format}.pdf`);
    expect(pdfPageInfo(pdf)).toMatchObject({ ...size, pages: 1 });
    expect(pdfText(pdf)).toContain('Printer test page');
  });

  it.each(['a4', 'label_62x29', 'label_40x20'] as const)(
    '%s has its frame along the margins on all four sides, whatever the content’s height',
    async (format) => {
      const desk = testDesk();
      const rendered = (await expectOk(
        desk.call('renderTestPage', { format, lang: 'en', printer: 'Zebra_ZD421' }),
      )) as { pdfBase64: string };
      const page = pdfGreyPixels(Buffer.from(rendered.pdfBase64, 'base64'), 300);
      const { widthMm, heightMm } = sizes[format];
      const margin = { a4: 15, label_62x29: 2, label_40x20: 1.5 }[format];
      // Darkest pixel within half a millimetre of a point on the frame.
      const dark = (xMm: number, yMm: number) =>
        Math.min(
          ...[-0.5, -0.25, 0, 0.25, 0.5].map((d) =>
            Math.min(page.at(xMm + d, yMm), page.at(xMm, yMm + d)),
          ),
        );
      for (const t of [0.2, 0.5, 0.8]) {
        const x = margin + t * (widthMm - 2 * margin);
        const y = margin + t * (heightMm - 2 * margin);
        expect(dark(x, margin), `top at ${x} mm`).toBeLessThan(128);
        expect(dark(x, heightMm - margin), `bottom at ${x} mm`).toBeLessThan(128);
        expect(dark(margin, y), `left at ${y} mm`).toBeLessThan(128);
        expect(dark(widthMm - margin, y), `right at ${y} mm`).toBeLessThan(128);
      }
      // Nothing outside it: the margin is blank.
      expect(page.at(margin / 2, heightMm - margin / 2)).toBeGreaterThan(200);
    },
  );

  it('names the printer and the paper, in the language asked, with the desk’s alphabets', async () => {
    const desk = testDesk();
    const rendered = (await expectOk(
      desk.call('renderTestPage', { format: '80mm', lang: 'it', printer: 'EPSON_TM_T20III' }),
    )) as { pdfBase64: string };
    const text = pdfText(Buffer.from(rendered.pdfBase64, 'base64'));
    expect(text).toContain('Pagina di prova stampante');
    expect(text).toContain('Rotolo 80 mm');
    expect(text).toContain('EPSON_TM_T20III');
    expect(text).toContain('Ёё Жж');
    expect(text).toContain('€ ₽');
  });
});
