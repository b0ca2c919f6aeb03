import path from 'node:path';
import { expect, test } from '@playwright/test';
import { callDesk, openDesk } from './desk-page';

/** Pictures of the main screens in each language, for people to look at (not compared). */
const outDir = process.env.SPORTELLO_SCREENSHOT_DIR;

test.skip(!outDir, 'set SPORTELLO_SCREENSHOT_DIR to take screenshots');

const sampleIntakes = [
  [
    'Giulia Bianchi',
    '+39 347 555 0199',
    'phone',
    'Apple',
    'iPhone 14',
    'Lo schermo non si accende dopo una caduta',
  ],
  [
    'Ольга Смирнова',
    '+39 333 123 4567',
    'laptop',
    'Lenovo',
    'ThinkPad T14',
    'Клавиатура не работает, залита чаем',
  ],
  [
    'Acme Impianti S.r.l.',
    '+39 02 8765 4321',
    'large_appliance',
    'Bosch',
    'WAN28281',
    'Non centrifuga, errore E18',
  ],
  [
    'John Carter',
    '+39 340 987 6543',
    'footwear',
    'Tod’s',
    'Gommino 43',
    'Sole detached at the heel',
  ],
] as const;

test.beforeAll(async ({ request }) => {
  for (const [name, phone, category, brand, model, complaint] of sampleIntakes) {
    await callDesk(request, 'createIntake', {
      customer: { mode: 'new', name, phone },
      device: { mode: 'new', category, brand, model, serial: `SN${phone.slice(-4)}` },
      complaint,
      promisedOn: '2026-12-15',
    });
  }
});

for (const lang of ['en', 'it', 'ru'] as const) {
  test(`screenshots in ${lang}`, async ({ page }) => {
    await openDesk(page);
    await page.getByRole('combobox').last().selectOption(lang);
    const shot = (name: string) =>
      page.screenshot({ path: path.join(outDir!, `${name}-${lang}.png`), fullPage: false });
    await shot('reception');
    await page.keyboard.press('F2');
    await expect(page.locator('form')).toBeVisible();
    await shot('intake');
    await page.keyboard.type('0199');
    await page.getByRole('listbox').getByRole('option').first().waitFor();
    await shot('intake-search');
    await page.keyboard.press('Enter');
    await page.getByRole('group').filter({ hasText: 'Giulia Bianchi' }).last().waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await shot('intake-picked');
    await page.locator('textarea[data-intake-field]').focus();
    await shot('intake-bottom');
    await page.keyboard.press('Control+s');
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await shot('intake-errors');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+o');
    await expect(page.locator('table').first()).toBeVisible();
    await shot('orders');
    await page.locator('tbody tr').first().click();
    await expect(page.locator('h1')).toContainText('MI01-');
    await shot('order');
  });
}
