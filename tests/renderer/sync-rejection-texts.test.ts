import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { refusalTexts } from '../../core/sync/refusal-texts';
import { resources } from '../../renderer/src/i18n/resources';

const {
  en,
  it: it_,
  ru,
} = {
  en: resources.en.sync,
  it: resources.it.sync,
  ru: resources.ru.sync,
};

/** The text a refusal shows, chosen as the sync drawer chooses it. */
async function shown(
  language: string,
  name: string,
  code: string,
  params: Record<string, string> | null = null,
) {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { en: { sync: en }, it: { sync: it_ }, ru: { sync: ru } },
  });
  const { key, values } = refusalTexts(
    { name, code, params },
    (k) => i18n.exists(`sync:${k}`),
    (status) => status,
  );
  return {
    key,
    reason: i18n.t(`sync:${key}.reason`, values),
    action: i18n.t(`sync:${key}.action`, values),
  };
}

describe('what a refused change tells the person', () => {
  it('sends order changes to the order, and parts, stock and people to their own screens', async () => {
    expect((await shown('en', 'order.status', 'conflict')).action).toMatch(/^Open the order/);
    expect(await shown('en', 'part.create', 'conflict')).toMatchObject({
      key: 'rejectionFor.part_create.conflict',
      reason: expect.stringMatching(/already has this SKU/),
    });
    expect((await shown('en', 'part.update', 'out_of_scope')).action).toMatch(/head office/);
    expect((await shown('en', 'stock.move', 'validation')).action).toMatch(/Parts & stock/);
    expect((await shown('en', 'user.create', 'conflict')).action).toMatch(/add the person again/);
    expect((await shown('en', 'user.update', 'conflict')).action).toMatch(/another login and save/);
    // No order advice for anything that is not an order, whatever the code.
    for (const name of [
      'part.create',
      'part.update',
      'stock.move',
      'user.create',
      'user.deactivate',
    ])
      for (const code of ['validation', 'conflict', 'unknown_reference', 'out_of_scope', 'made_up'])
        for (const language of ['en', 'it', 'ru']) {
          const { key, action } = await shown(language, name, code);
          expect(key).toMatch(/^rejectionFor\./);
          expect(action).not.toMatch(/order|ordine|заказ/i);
        }
  });

  it('says which site holds a device the desk tried to move, in every language', async () => {
    const custody = { table: 'repair_orders', reason: 'not_custodian', holder: 'RM01' };
    for (const language of ['en', 'it', 'ru']) {
      const refused = await shown(language, 'order.status', 'out_of_scope', custody);
      expect(refused.key).toBe('rejection.not_custodian');
      expect(refused.reason).toMatch(/RM01/);
      expect(refused.action).toMatch(/RM01/);
    }
    // Any other change out of the desk's scope keeps the general text.
    expect((await shown('en', 'order.status', 'out_of_scope')).key).toBe('rejection.out_of_scope');
  });

  it('says an order cancelled after its device left the counter is to be returned instead', async () => {
    const away = { from: 'at_workshop', to: 'cancelled', reason: 'cancel_away' };
    const words = { en: /withdrew/, it: /rinuncia/, ru: /отказался/ } as const;
    for (const language of ['en', 'it', 'ru'] as const) {
      const refused = await shown(language, 'order.status', 'illegal_transition', away);
      expect(refused.key).toBe('rejection.cancel_away');
      expect(refused.action).toMatch(words[language]);
    }
    // Any other move the table does not allow keeps the general text.
    expect(
      (
        await shown('en', 'order.status', 'illegal_transition', {
          from: 'received',
          to: 'repaired',
        })
      ).key,
    ).toBe('rejection.illegal_transition');
  });

  it('says a hand-over giving a warranty on an unrepaired device is to be made again without it', async () => {
    const unrepaired = {
      field: 'lines.0.warrantyMonths',
      issue: 'no_repair_no_warranty',
      reason: 'no_repair_no_warranty',
    };
    const words = { en: /0 months/, it: /0 mesi/, ru: /0 месяцев/ } as const;
    for (const language of ['en', 'it', 'ru'] as const) {
      const refused = await shown(language, 'order.handover', 'validation', unrepaired);
      expect(refused.key).toBe('rejection.no_repair_no_warranty');
      expect(refused.action).toMatch(words[language]);
    }
    // Other invalid data keeps the general text, as a desk without this text shows this one too.
    expect((await shown('en', 'order.handover', 'validation', { field: 'payments' })).key).toBe(
      'rejection.validation',
    );
  });

  it('has every text in Italian and Russian too', () => {
    const keys = (tree: object, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(it_.rejectionFor)).toEqual(keys(en.rejectionFor));
    expect(keys(ru.rejectionFor)).toEqual(keys(en.rejectionFor));
    expect(keys(ru.details.subject)).toEqual(keys(en.details.subject));
  });
});

describe('what a refused change to a customer tells the person', () => {
  it('names the customer’s own situation and sends the person to the customer’s orders', async () => {
    for (const language of ['en', 'it', 'ru']) {
      const gone = await shown(language, 'customer.update', 'unknown_reference');
      expect(gone.key).toBe('rejectionFor.customer.unknown_reference');
      const elsewhere = await shown(language, 'customer.update', 'out_of_scope');
      expect(elsewhere.key).toBe('rejectionFor.customer.out_of_scope');
      const other = await shown(language, 'customer.erase', 'validation');
      expect(other.key).toBe('rejectionFor.customer.other');
    }
    expect((await shown('en', 'customer.update', 'validation')).action).toMatch(
      /customer’s orders/,
    );
    // An erased customer needs nothing redone, whatever the change was about.
    expect((await shown('en', 'customer.update', 'erased')).key).toBe('rejection.erased');
    expect((await shown('it', 'customer.erase', 'erased')).action).toMatch(/Non c'è niente/);
    // Refusals about no record read the general text for parts and people too.
    expect((await shown('en', 'part.update', 'seq_mismatch')).key).toBe('rejection.seq_mismatch');
    expect((await shown('ru', 'user.create', 'unknown_mutation')).key).toBe(
      'rejection.unknown_mutation',
    );
  });
});
