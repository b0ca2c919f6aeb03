import { describe, expect, it } from 'vitest';
import { renderOrderDocument } from '../../../core/documents/render-order-document';
import { documentResources } from '../../../core/documents/resources';
import {
  documentLanguages,
  documentTranslator,
  translateCode,
  type DocumentLanguage,
} from '../../../core/documents/translations';
import {
  accessoryChecklists,
  conditionChecklists,
} from '../../../core/contract/condition-checklists';
import { deviceCategories } from '../../../core/contract/orders';
import {
  documentDesk,
  fullIntake,
  keepSample,
  pdfPageInfo,
  pdfText,
  recordPrivacyConsent,
  siteInRussia,
  takeIn,
  validImei,
} from './document-builders';

const resources = documentResources();

/** What a reader of each language must find on an Italian site's receipt. */
const expectedFor: Record<DocumentLanguage, string[]> = {
  en: [
    'Intake receipt',
    'Received by',
    'Phone',
    'Scratches, Cracks',
    'Charger, Case',
    'Paid repair',
    'Approved without a call up to',
    'Diagnosis fee',
    'Deposit paid',
    'Promised date',
    'Agreed value of the item',
    'Please collect the device within 30 days of our notice',
    'we are not liable for lost data, software or settings',
    'Regulation (EU) 2016/679 (GDPR)',
    'Consent given (version PRIV-3, 20/11/2026, 15:00)',
    'Terms version IT-2026.1',
    'Signature of staff member',
    'Signature of customer',
  ],
  it: [
    'Ricevuta di accettazione',
    'Accettato il 26/11/2026, 10:30',
    'Operatore',
    'Telefono',
    'Graffi, Crepe',
    'Caricabatterie, Custodia',
    'Riparazione a pagamento',
    'Spesa autorizzata 150,00 €',
    'Costo della diagnosi',
    'Acconto versato',
    'Data prevista',
    'Valore concordato del bene',
    "Il dispositivo va ritirato entro 30 giorni dall'avviso di fine lavori",
    'non rispondiamo della perdita di dati, programmi o impostazioni',
    'Regolamento (UE) 2016/679 (GDPR)',
    'Consenso prestato (versione PRIV-3, 20/11/2026, 15:00)',
    'Versione delle condizioni IT-2026.1',
    "Firma dell'operatore",
    'Firma del cliente',
  ],
  ru: [
    'Квитанция о приёме в ремонт',
    'Принял',
    'Телефон',
    'Царапины, Трещины',
    'Зарядное устройство, Чехол',
    'Платный ремонт',
    'Согласовано без звонка до',
    'Стоимость диагностики',
    'Внесена предоплата',
    'Срок выполнения',
    'Согласованная цена изделия',
    'Устройство следует забрать в течение 30 дней после уведомления о готовности',
    'мы не отвечаем за утрату данных, программ и настроек',
    'Регламентом (ЕС) 2016/679 (GDPR)',
    'Согласие дано (версия PRIV-3, 20/11/2026, 15:00)',
    'Версия условий IT-2026.1',
    'Подпись сотрудника (должность)',
    'Подпись заказчика',
  ],
};

/** Values typed at the counter print the same in every language; money and dates in the site's locale. */
const sameInEveryLanguage = [
  'Sportello Assistenza S.r.l.',
  'Via Dante 1, 20121 Milano (MI), Italia',
  'IT01234567890',
  'Sportello Milano Centro (MI01)',
  'MI01-2026-000001',
  '26/11/2026, 10:30',
  'Banco',
  'Giulia Bianchi',
  '+39 347 555 0199',
  'giulia.bianchi@example.it',
  'Apple iPhone 14',
  'F2LXK1ABC',
  validImei,
  'Lo schermo non si accende dopo una caduta; la batteria si scarica in fretta',
  'Angolo in basso a destra ammaccato',
  'Cover rossa con porta-carte',
  '150,00 €',
  '25,00 €',
  '50,00 €',
  '450,00 €',
  '04/12/2026',
];

describe('the intake receipt', () => {
  for (const lang of ['en', 'it', 'ru'] as const) {
    for (const format of ['80mm', 'a4'] as const) {
      it(`prints every field of the intake in ${lang} on ${format}`, async () => {
        const desk = documentDesk();
        const order = await takeIn(desk);
        recordPrivacyConsent(desk, order.customerId, 'PRIV-3', Date.UTC(2026, 10, 20, 14, 0));

        const pdf = await renderOrderDocument(desk.db, resources, {
          kind: 'intake-receipt',
          format,
          lang,
          orderNumber: order.number,
        });
        keepSample(`intake-receipt-${format}-${lang}`, pdf);

        const text = pdfText(pdf);
        for (const expected of [...sameInEveryLanguage, ...expectedFor[lang]]) {
          expect(text).toContain(expected);
        }
        expect(text).not.toMatch(/TRAINING|FORMAZIONE|УЧЕБНЫЙ/);
      });
    }
  }

  it('names every condition, accessory and category the intake form offers, in every language, never by its code', () => {
    for (const lang of documentLanguages) {
      const t = documentTranslator(resources, lang);
      const said = (group: string, code: string) => translateCode(t, group, code);
      for (const [group, lists] of [
        ['condition', conditionChecklists],
        ['accessory', accessoryChecklists],
      ] as const)
        for (const code of new Set(Object.values(lists).flat()))
          expect(said(group, code), `${lang} ${group}.${code}`).not.toBe(code);
      for (const category of deviceCategories)
        expect(said('category', category), `${lang} category.${category}`).not.toBe(category);
    }
  });

  it('comes off the roll 80 mm wide and only as long as its content, never as A4', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    const roll = pdfPageInfo(
      await renderOrderDocument(desk.db, resources, {
        kind: 'intake-receipt',
        format: '80mm',
        lang: 'it',
        orderNumber: order.number,
      }),
    );
    expect(roll.widthMm).toBe(80);
    expect(roll.pages).toBe(1);
    expect(roll.heightMm).toBeGreaterThan(150);
    expect(roll.heightMm).toBeLessThan(600);

    const sheet = pdfPageInfo(
      await renderOrderDocument(desk.db, resources, {
        kind: 'intake-receipt',
        format: 'a4',
        lang: 'it',
        orderNumber: order.number,
      }),
    );
    expect(sheet).toMatchObject({ widthMm: 210, heightMm: 297 });
  });

  it('prints a Russian company receipt with ИНН and ОГРН, roubles and the twice-the-value rule', async () => {
    const desk = documentDesk();
    siteInRussia(desk);
    const order = await takeIn(
      desk,
      fullIntake({
        customer: { mode: 'new', name: 'Иванов Иван Иванович', phone: '+7 916 123-45-67' },
        complaint: 'Не включается после падения',
        itemValue: 3_500_000,
        deposit: 100_000,
        preauthorisedAmount: 500_000,
        diagnosisFee: 70_000,
      }),
    );
    const pdf = await renderOrderDocument(desk.db, resources, {
      kind: 'intake-receipt',
      format: '80mm',
      lang: 'ru',
      orderNumber: order.number,
    });
    keepSample('intake-receipt-80mm-ru-russia', pdf);
    const text = pdfText(pdf);
    for (const expected of [
      'ООО «Сервис Плюс»',
      'г. Москва, ул. Тверская, д. 7',
      'ИНН 7701234567',
      'ОГРН 1027700132195',
      'Иванов Иван Иванович',
      '+7 916 123 45 67',
      'Не включается после падения',
      '26.11.2026, 12:30',
      '35 000,00 ₽',
      '1 000,00 ₽',
      '5 000,00 ₽',
      '700,00 ₽',
      '04.12.2026',
      'исполнитель возмещает его двукратную цену (ст. 35 Закона «О защите прав потребителей»)',
      'ст. 738 ГК РФ',
      '152-ФЗ',
      'Версия условий RU-2026.1',
      'Согласие не зарегистрировано',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('says TRAINING prominently on a receipt printed from the practice database', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    for (const [lang, marker] of [
      ['en', 'TRAINING — NOT A VALID DOCUMENT'],
      ['it', 'FORMAZIONE — DOCUMENTO NON VALIDO'],
      ['ru', 'УЧЕБНЫЙ РЕЖИМ — ДОКУМЕНТ НЕДЕЙСТВИТЕЛЕН'],
    ] as const) {
      for (const format of ['80mm', 'a4'] as const) {
        const pdf = await renderOrderDocument(desk.db, resources, {
          kind: 'intake-receipt',
          format,
          lang,
          training: true,
          orderNumber: order.number,
        });
        keepSample(`intake-receipt-${format}-${lang}-training`, pdf);
        // The roll carries the band at its top and its tear-off end; A4 in every page's header.
        expect(pdfText(pdf).split(marker).length - 1).toBe(format === '80mm' ? 2 : 1);
      }
    }
  });

  it('says what an empty field means: no date agreed, no value stated, no damage, device only', async () => {
    const desk = documentDesk();
    const order = await takeIn(
      desk,
      fullIntake({ promisedOn: undefined, itemValue: undefined, condition: [], accessories: [] }),
    );
    const render = async (lang: 'en' | 'it') =>
      pdfText(
        await renderOrderDocument(desk.db, resources, {
          kind: 'intake-receipt',
          format: 'a4',
          lang,
          orderNumber: order.number,
        }),
      );
    const english = await render('en');
    expect(english).toContain('Promised date not agreed');
    expect(english).toContain('Agreed value of the item not stated');
    expect(english).toContain('Condition at intake No visible damage noted');
    expect(english).toContain('Accessories left Device only');
    // One Italian "nessuno" served both fields, of different gender; each now says its own.
    const italian = await render('it');
    expect(italian).toContain("Condizioni all'accettazione Nessun danno visibile");
    expect(italian).toContain('Accessori lasciati Solo il dispositivo');
    expect(italian).not.toContain('nessuno');
  });

  it('lets a 4000-character complaint run onto more A4 pages, each with the order number', async () => {
    const desk = documentDesk();
    const complaint =
      'Il telefono si spegne da solo quando la batteria scende sotto il 30%. '.repeat(57);
    const order = await takeIn(desk, fullIntake({ complaint: complaint.slice(0, 4000) }));
    const format = 'a4';
    const pdf = await renderOrderDocument(desk.db, resources, {
      kind: 'intake-receipt',
      format,
      lang: 'it',
      orderNumber: order.number,
    });
    keepSample('intake-receipt-a4-it-long-complaint', pdf);
    const { pages } = pdfPageInfo(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    for (let page = 1; page <= pages; page++) {
      expect(text).toContain(`${order.number} · ${page}/${pages}`);
    }
    const roll = pdfPageInfo(
      await renderOrderDocument(desk.db, resources, {
        kind: 'intake-receipt',
        format: '80mm',
        lang: 'it',
        orderNumber: order.number,
      }),
    );
    expect(roll).toMatchObject({ widthMm: 80, pages: 1 });
  });
});
