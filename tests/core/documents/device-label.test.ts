import { describe, expect, it } from 'vitest';
import { surnameOf } from '../../../core/documents/device-label';
import { renderOrderDocument } from '../../../core/documents/render-order-document';
import { documentResources } from '../../../core/documents/resources';
import {
  documentDesk,
  fullIntake,
  keepSample,
  pdfPageInfo,
  pdfText,
  siteInRussia,
  takeIn,
} from './document-builders';

const resources = documentResources();

describe('the device label', () => {
  for (const [format, widthMm, heightMm] of [
    ['62x29', 62, 29],
    ['40x20', 40, 20],
  ] as const) {
    for (const [lang, due] of [
      ['en', 'Due 04/12/2026'],
      ['it', 'Pronto il 04/12/2026'],
      ['ru', 'Срок 04/12/2026'],
    ] as const) {
      it(`fits the order number, surname and promised date on one ${format} label in ${lang}`, async () => {
        const desk = documentDesk();
        const order = await takeIn(desk);
        const pdf = await renderOrderDocument(desk.db, resources, {
          kind: 'label',
          format,
          lang,
          orderNumber: order.number,
        });
        keepSample(`label-${format}-${lang}`, pdf);
        expect(pdfPageInfo(pdf)).toEqual({ widthMm, heightMm, pages: 1 });
        const text = pdfText(pdf);
        expect(text).toContain('MI01-2026-000001');
        expect(text).toContain('Bianchi');
        expect(text).not.toContain('Giulia');
        expect(text).toContain(due);
      });
    }
  }

  it('keeps a long company name on one line of the small label', async () => {
    const desk = documentDesk();
    const order = await takeIn(
      desk,
      fullIntake({
        customer: {
          mode: 'new',
          kind: 'company',
          name: 'Officine Meccaniche Riunite di Lombardia e Piemonte S.p.A.',
          phone: '+39 02 5555 0101',
        },
      }),
    );
    for (const format of ['62x29', '40x20'] as const) {
      const pdf = await renderOrderDocument(desk.db, resources, {
        kind: 'label',
        format,
        lang: 'it',
        training: true,
        orderNumber: order.number,
      });
      keepSample(`label-${format}-it-long-training`, pdf);
      expect(pdfPageInfo(pdf).pages).toBe(1);
      const text = pdfText(pdf);
      expect(text).toContain('Officine');
      expect(text).toContain('…');
      expect(text).toContain('FORMAZIONE');
    }
  });

  it('takes the surname first for a Russian customer and last elsewhere', async () => {
    expect(surnameOf('Иванов Иван Иванович', 'person', 'RU')).toBe('Иванов');
    expect(surnameOf('  Giulia   Bianchi ', 'person', 'IT')).toBe('Bianchi');
    expect(surnameOf('Rossi Srl', 'company', 'IT')).toBe('Rossi Srl');

    const desk = documentDesk();
    siteInRussia(desk);
    const order = await takeIn(
      desk,
      fullIntake({
        customer: { mode: 'new', name: 'Иванов Иван Иванович', phone: '+7 916 123-45-67' },
      }),
    );
    const pdf = await renderOrderDocument(desk.db, resources, {
      kind: 'label',
      format: '62x29',
      lang: 'ru',
      orderNumber: order.number,
    });
    keepSample('label-62x29-ru-russia', pdf);
    const text = pdfText(pdf);
    expect(text).toContain('Иванов');
    expect(text).toContain('Срок 04.12.2026');
  });
});
