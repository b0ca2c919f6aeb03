import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { seriousViolations } from './axe';
import { addWorkshopSite } from './desk-data';
import { callDesk, callDeskRaw, openDesk } from './desk-page';
import { e2eReceptionist, e2eSite } from './people';

interface Details {
  id: string;
  legal: Record<string, string>;
}

/** With SPORTELLO_SCREENSHOT_DIR set, the screens are kept there to be looked at. */
async function shot(page: Page, name: string) {
  const dir = process.env.SPORTELLO_SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

// The other browser tests share this desk and print its details: they get them back as they were.
test.afterAll(async ({ request }) => {
  await callDesk(request, 'updateSiteDetails', {
    ...e2eSite.legal,
    name: e2eSite.name,
    vatNumber: '',
    phone: '',
  });
});

test("an admin corrects the site's address and VAT number by keyboard; a wrong VAT number is said and saves nothing", async ({
  page,
  request,
}) => {
  addWorkshopSite(e2ePort, 'LAB9', 'Laboratorio Nove');
  await openDesk(page, '/settings');
  await page.getByRole('link', { name: 'Site and legal details' }).click();
  await expect(
    page.getByRole('heading', { name: 'Site and legal details', level: 1 }),
  ).toBeVisible();
  await expect(page.getByTestId('site-code')).toHaveText(e2eSite.code);
  await expect(page.getByTestId('site-currency')).toHaveText('EUR');
  const address = page.getByLabel('Address');
  await expect(address).toHaveValue(e2eSite.legal.address);
  // The first field has the focus: the form is typed from the keyboard.
  await expect(page.getByLabel('Site name')).toBeFocused();

  const vat = page.getByLabel('VAT number (partita IVA)');
  await vat.fill('12345678901');
  await address.fill('Via Torino 5, 20123 Milano');
  await page.keyboard.press('Control+s');
  await expect(
    page.getByText('Not a valid VAT number: 11 digits, check the last one.'),
  ).toBeVisible();
  const unchanged = await callDesk<Details>(request, 'getSiteDetails', {});
  expect(unchanged.legal).toEqual(e2eSite.legal);

  await vat.fill('12345678903');
  await page.keyboard.press('Control+s');
  await expect(page.getByText(`Details of ${e2eSite.code} saved.`)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'site-details-en');

  // Esc puts back what is saved.
  const phone = page.getByLabel('Phone');
  await phone.fill('02 000 0000');
  await page.keyboard.press('Escape');
  await expect(phone).toHaveValue('');

  const saved = await callDesk<Details>(request, 'getSiteDetails', {});
  expect(saved.legal).toMatchObject({
    address: 'Via Torino 5, 20123 Milano',
    vatNumber: '12345678903',
  });
  await page.reload();
  await expect(page.getByLabel('Address')).toHaveValue('Via Torino 5, 20123 Milano');

  // A new name for this desk's own site shows in the top bar at once, without a reload.
  const siteName = page.getByLabel('Site name');
  await siteName.fill('Sportello Milano Duomo');
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('banner').getByText('Sportello Milano Duomo')).toBeVisible();
  await siteName.fill(e2eSite.name);
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('banner').getByText(e2eSite.name)).toBeVisible();

  // The head office picks another site and corrects it too.
  await page.getByRole('combobox', { name: 'Site', exact: true }).click();
  await page.getByRole('option', { name: 'LAB9 · Laboratorio Nove' }).click();
  await expect(page.getByTestId('site-code')).toHaveText('LAB9');
  await page.getByLabel('Phone').fill('+39 02 555 0199');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Details of LAB9 saved.')).toBeVisible();

  await page.getByLabel('Language').selectOption('it');
  await page.getByRole('combobox', { name: 'Sede', exact: true }).click();
  await page.getByRole('option', { name: `${e2eSite.code} · ${e2eSite.name}` }).click();
  await expect(
    page.getByRole('heading', { name: 'Dati della sede e legali', level: 1 }),
  ).toBeVisible();
  await expect(page.getByLabel('Partita IVA')).toHaveValue('12345678903');
  await shot(page, 'site-details-it');
  await page.getByLabel('Lingua').selectOption('en');
});

test('a receptionist sees no site details in Settings and cannot read them', async ({
  page,
  request,
}) => {
  await openDesk(page, '/settings', e2eReceptionist);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Site and legal details' })).toHaveCount(0);
  const refused = await callDeskRaw(request, 'getSiteDetails', {}, e2eReceptionist);
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});
