import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/contract/errors';
import { renderOrderDocument } from '../../../core/documents/render-order-document';
import { documentResources } from '../../../core/documents/resources';
import type { DocumentLanguage } from '../../../core/documents/translations';
import type { Desk } from '../../../core/runtime/desk';
import {
  documentDesk,
  fullIntake,
  handOverWithSlip,
  keepSample,
  pdfPageInfo,
  pdfText,
  siteInRussia,
  takeIn,
  validImei,
} from './document-builders';
import { handOver, repairedAndReady, screenLabour, screenPart } from '../../support/counter';

const resources = documentResources();

const repairedAt = Date.UTC(2026, 11, 1, 15, 0);
const handedOverAt = Date.UTC(2026, 11, 3, 10, 0);

async function repairedAndHandedOver(desk: Desk, termsVersion = 'IT-2026.1') {
  const order = await takeIn(desk);
  handOverWithSlip(desk, order, {
    repairedAt,
    handedOverAt,
    handedOverOn: '2026-12-03',
    termsVersion,
    lines: [
      { kind: 'labour', description: 'Display replacement', unitPrice: 4_000, warrantyMonths: 12 },
      { kind: 'part', description: 'OLED display assembly', unitPrice: 18_000, warrantyMonths: 12 },
      { kind: 'part', description: 'Battery 3279 mAh', unitPrice: 6_000, warrantyMonths: 6 },
      {
        kind: 'labour',
        description: 'Cleaning of the speaker grille',
        unitPrice: 0,
        warrantyMonths: 0,
      },
      { kind: 'fee', description: 'Diagnosis', unitPrice: 2_500, warrantyMonths: 0 },
    ],
  });
  return order;
}

const expectedFor: Record<DocumentLanguage, string[]> = {
  en: [
    'Warranty slip',
    'Handed over 03/12/2026',
    'Work done',
    'Parts fitted',
    'Display replacement 12 months 03/12/2026 03/12/2027',
    'Battery 3279 mAh 6 months 03/12/2026 03/06/2027',
    'Cleaning of the speaker grille no warranty',
    'misuse, drops, impacts or accidental damage after the repair',
    'contact with liquids or moisture',
    'opening, tampering or repair by unauthorised third parties',
    "leaves unaffected the consumer's rights under the Italian Consumer Code",
    '2-year legal guarantee of conformity',
    'To claim, bring the device and this slip to one of our service points',
    'Guarantor Sportello Assistenza S.r.l., Via Dante 1, 20121 Milano (MI), Italia',
    'Terms version: IT-2026.1',
  ],
  it: [
    'Certificato di garanzia',
    'Riconsegnato il 03/12/2026',
    'Lavori eseguiti',
    'Ricambi installati',
    'Display replacement 12 mesi 03/12/2026 03/12/2027',
    'Battery 3279 mAh 6 mesi 03/12/2026 03/06/2027',
    'Cleaning of the speaker grille senza garanzia',
    'uso improprio, cadute, urti',
    'contatto con liquidi o umidità',
    'apertura, manomissione o riparazione da parte di terzi non autorizzati',
    'lascia impregiudicati i diritti del consumatore previsti dal Codice del Consumo',
    'garanzia legale di conformità di 2 anni dalla consegna (art. 133)',
    'Per far valere la garanzia portare il dispositivo e questo certificato',
    'entro 8 giorni dalla scoperta (art. 2226 c.c.)',
    'Garante Sportello Assistenza S.r.l., Via Dante 1, 20121 Milano (MI), Italia',
    'Versione delle condizioni: IT-2026.1',
  ],
  ru: [
    'Гарантийный талон',
    'Выдано 03/12/2026',
    'Выполненные работы',
    'Установленные запчасти',
    'Display replacement 12 месяцев 03/12/2026 03/12/2027',
    'Battery 3279 mAh 6 месяцев 03/12/2026 03/06/2027',
    'Cleaning of the speaker grille без гарантии',
    'неправильное использование, падения, удары',
    'попадание жидкости или влаги',
    'вскрытие, вмешательство или ремонт посторонними лицами',
    'не затрагивает права потребителя',
    'Для обращения по гарантии принесите устройство и этот талон',
    'Гарант Sportello Assistenza S.r.l., Via Dante 1, 20121 Milano (MI), Italia',
    'Версия условий: IT-2026.1',
  ],
};

const sameInEveryLanguage = [
  'MI01-2026-000001',
  'Giulia Bianchi',
  'Apple iPhone 14',
  'F2LXK1ABC',
  validImei,
  '1 × Display replacement',
  '1 × OLED display assembly',
  '1 × Battery 3279 mAh',
];

describe('the warranty slip', () => {
  for (const lang of ['en', 'it', 'ru'] as const) {
    for (const format of ['80mm', 'a4'] as const) {
      it(`prints coverage per line from the hand-over date in ${lang} on ${format}`, async () => {
        const desk = documentDesk();
        const order = await repairedAndHandedOver(desk);
        const pdf = await renderOrderDocument(desk.db, resources, {
          kind: 'warranty-slip',
          format,
          lang,
          orderNumber: order.number,
        });
        keepSample(`warranty-slip-${format}-${lang}`, pdf);
        const text = pdfText(pdf);
        const coverage = format === 'a4' ? expectedFor[lang] : rollLayout(expectedFor[lang]);
        for (const expected of [...sameInEveryLanguage, ...coverage]) {
          expect(text).toContain(expected);
        }
        expect(text).not.toContain('Diagnosis');
        // An Italian slip has no Russian repair-dates block.
        expect(text).not.toMatch(/Request made|Дата обращения|Richiesta/);
      });
    }
  }

  it('comes off the roll 80 mm wide on one page, and on A4 as A4', async () => {
    const desk = documentDesk();
    const order = await repairedAndHandedOver(desk);
    const render = (format: '80mm' | 'a4') =>
      renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format,
        lang: 'en',
        orderNumber: order.number,
      });
    expect(pdfPageInfo(await render('80mm'))).toMatchObject({ widthMm: 80, pages: 1 });
    expect(pdfPageInfo(await render('a4'))).toMatchObject({ widthMm: 210, heightMm: 297 });
  });

  it('for a Russian site prints the dates of art. 20(3): request, hand-in, repair and return', async () => {
    const desk = documentDesk();
    siteInRussia(desk);
    const order = await repairedAndHandedOver(desk, 'RU-2026.1');
    for (const [lang, expected] of [
      [
        'ru',
        [
          'Дата обращения 26.11.2026',
          'Дата передачи в ремонт 26.11.2026',
          'Дата ремонта 01.12.2026',
          'Дата выдачи заказчику 03.12.2026',
          'Недостаток Lo schermo non si accende dopo una caduta',
          'Использованные запчасти OLED display assembly, Battery 3279 mAh',
          'п. 3 ст. 20 Закона «О защите прав потребителей»',
          'не позднее 45 дней',
          'ООО «Сервис Плюс», г. Москва, ул. Тверская, д. 7',
          'Версия условий: RU-2026.1',
          '12 месяцев 03.12.2026 03.12.2027',
        ],
      ],
      [
        'en',
        [
          'Request made 26.11.2026',
          'Handed in to us 26.11.2026',
          'Repaired 01.12.2026',
          'Returned to the customer 03.12.2026',
          'art. 20(3)',
        ],
      ],
      ['it', ['Richiesta 26.11.2026', 'Riparato 01.12.2026', 'art. 20, comma 3']],
    ] as const) {
      const pdf = await renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format: 'a4',
        lang,
        orderNumber: order.number,
      });
      keepSample(`warranty-slip-a4-${lang}-russia`, pdf);
      const text = pdfText(pdf);
      for (const fragment of expected) expect(text).toContain(fragment);
    }
    keepSample(
      'warranty-slip-80mm-ru-russia',
      await renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format: '80mm',
        lang: 'ru',
        orderNumber: order.number,
      }),
    );
  });

  it('prints the terms version recorded on the slip, not whatever is newest', async () => {
    const desk = documentDesk();
    const order = await repairedAndHandedOver(desk, 'GEN-2026.1');
    const text = pdfText(
      await renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format: 'a4',
        lang: 'en',
        orderNumber: order.number,
      }),
    );
    expect(text).toContain('Terms version: GEN-2026.1');
    expect(text).toContain("does not affect, the consumer's statutory rights");
  });

  it('marks a slip printed in training mode on every page', async () => {
    const desk = documentDesk();
    const order = await repairedAndHandedOver(desk);
    for (const format of ['80mm', 'a4'] as const) {
      const pdf = await renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format,
        lang: 'it',
        training: true,
        orderNumber: order.number,
      });
      keepSample(`warranty-slip-${format}-it-training`, pdf);
      const bands = pdfText(pdf).split('FORMAZIONE — DOCUMENTO NON VALIDO').length - 1;
      expect(bands).toBe(format === '80mm' ? 2 : pdfPageInfo(pdf).pages);
    }
  });

  it('lists what the hand-over charged once, not the approved estimate as well', async () => {
    // An estimate's lines stay on the order beside the final lines written at hand-over: the
    // slip printed both, each job and part twice and the estimate's copy "no warranty".
    const desk = documentDesk();
    const order = await takeIn(desk);
    await repairedAndReady(desk, order);
    await handOver(desk, {
      orderId: order.id,
      lines: [screenLabour, screenPart],
      payments: [{ method: 'cash', amount: 21_840 }],
      termsVersion: 'IT-2026.1',
    });
    const text = pdfText(
      await renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format: '80mm',
        lang: 'en',
        orderNumber: order.number,
      }),
    );
    expect(text.split(`1 × ${screenLabour.description}`).length - 1).toBe(1);
    expect(text.split(`1 × ${screenPart.description}`).length - 1).toBe(1);
    expect(text).not.toContain('no warranty');
    expect(text).toContain('12 months');
    expect(text).toContain('3 months');
  });

  it('refuses to print a slip for an order that has not been handed over', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk, fullIntake());
    await expect(
      renderOrderDocument(desk.db, resources, {
        kind: 'warranty-slip',
        format: 'a4',
        lang: 'en',
        orderNumber: order.number,
      }),
    ).rejects.toThrow(DomainError);
  });
});

/** On the roll each line's coverage reads "12 months: 03/12/2026 – 03/12/2027" under its name. */
function rollLayout(expected: string[]): string[] {
  const coverageLine = /^(.*?) (\d+ \S+) ([\d./]{10}) ([\d./]{10})$/u;
  return expected.map((fragment) => fragment.replace(coverageLine, '$1 $2: $3 – $4'));
}
