import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { pngPhoto, readyOrder } from './counter-fixtures';
import { backdateReady } from './desk-data';
import { callDesk, openDesk } from './desk-page';

/** Pictures of the counter's screens in English and Russian, for people to look at. */
const outDir = process.env.SPORTELLO_SCREENSHOT_DIR;

test.skip(!outDir, 'set SPORTELLO_SCREENSHOT_DIR to take screenshots');

/** The screen's own words in that language, read from the renderer's translation files. */
function words(lang: string, namespace: string) {
  const file = path.resolve(
    import.meta.dirname,
    `../../renderer/src/i18n/locales/${lang}/${namespace}.json`,
  );
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

const shot = (name: string) => path.join(outDir ?? '', `counter-${name}.png`);

for (const lang of ['en', 'ru'] as const) {
  test(`the counter's screens in ${lang}`, async ({ page, request }) => {
    test.setTimeout(60_000);
    const order = await readyOrder(request, { name: 'Ольга Смирнова', phone: '+39 333 123 4567' });
    backdateReady(e2ePort, order.id, 12);
    await callDesk(request, 'updateCounterSettings', {
      uncollectedAfterDays: 7,
      storageFreeDays: 5,
      storageFeePerDay: 150,
    });
    await page.addInitScript((l) => localStorage.setItem('sportello.language', l), lang);

    await openDesk(page, '/intake/new');
    const t = words(lang, 'intake') as {
      name: string;
      phone: string;
      brand: string;
      model: string;
      complaint: string;
      duplicateTitle: string;
      money: { deposit: string };
    };
    const checklist = words(lang, 'counter-checklist') as { condition: { scratches: string } };
    await page.getByLabel(t.name).fill('Olga Smirnova');
    await page.getByLabel(t.phone).fill('333 123 4567');
    await page.locator('input[type=checkbox]').first().check();
    await page.getByLabel(t.brand).fill('Samsung');
    await page.getByLabel(t.model).fill('Galaxy S23');
    await page.getByLabel(t.complaint).fill('Lo schermo non si accende dopo una caduta');
    await page.getByLabel(checklist.condition.scratches).check();
    await page.getByLabel(t.money.deposit).fill('20,00');
    await expect(page.getByText(t.duplicateTitle)).toBeVisible();
    await page.locator('input[type=file]').setInputFiles(pngPhoto());
    await page.screenshot({ path: shot(`intake-${lang}`), fullPage: true });

    await openDesk(page, `/orders/${order.id}`);
    await expect(page.getByRole('heading', { name: order.number })).toBeVisible();
    await page.screenshot({ path: shot(`order-${lang}`), fullPage: true });
    await page.getByRole('tab').nth(1).click();
    await page.screenshot({ path: shot(`estimate-${lang}`), fullPage: true });

    await page.getByRole('group').getByRole('button').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.getByRole('dialog').locator('input[inputmode=decimal]').nth(-2).fill('100');
    await page.screenshot({ path: shot(`handover-${lang}`) });
    await page.keyboard.press('Escape');

    await openDesk(page, '/uncollected');
    await expect(page.getByRole('table')).toBeVisible();
    await page.screenshot({ path: shot(`uncollected-${lang}`), fullPage: true });
  });
}
