import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { shownFrameUrl, validImei } from './counter-fixtures';
import { addWorkshopSite } from './desk-data';
import { callDesk, openDesk } from './desk-page';

const defaults = {
  receipt: { printer: null, paper: '80mm' },
  label: { printer: null, paper: 'label_62x29' },
  a4: { printer: null },
};

/** With SPORTELLO_SCREENSHOT_DIR set, the screens are kept there to be looked at. */
function shot(name: string): string | undefined {
  const dir = process.env.SPORTELLO_SCREENSHOT_DIR;
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

test.afterAll(async ({ request }) => {
  await callDesk(request, 'updatePrinterSettings', defaults);
});

test('Settings › Printers in browser mode: papers chosen by keyboard, saved, a test page opens as a PDF', async ({
  page,
  request,
}) => {
  await openDesk(page, '/');
  await page.keyboard.press('Alt+s');
  await page.getByRole('link', { name: 'Printers' }).click();
  await expect(page.getByRole('heading', { name: 'Printers', level: 1 })).toBeVisible();
  // No printers to choose in a browser: the page says so, and offers only the papers.
  await expect(
    page.getByText(/documents open as a PDF|each document opens as a PDF/),
  ).toBeVisible();
  await expect(page.getByLabel('Printer')).toHaveCount(0);

  const labels = page.getByRole('group', { name: 'Device labels' });
  await labels.getByLabel('Paper').focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: 'label 40×20' }).click();
  await page.screenshot({ path: shot('printers-en'), fullPage: true });
  await page.getByRole('button', { name: 'Save' }).press('Enter');
  await expect(page.getByText('Saved.')).toBeVisible();
  const saved = await callDesk<typeof defaults>(request, 'getPrinterSettings', {});
  expect(saved.label).toEqual({ printer: null, paper: 'label_40x20' });

  await labels.getByRole('button', { name: 'Print test page' }).click();
  const viewer = page.getByRole('dialog', { name: 'Printer test page' });
  await expect(viewer).toBeVisible();
  // Shown in the page, not blocked by its policy (Chromium's error page).
  await expect.poll(() => shownFrameUrl(page, 'pdf-viewer')).toMatch(/^blob:/);
  const link = viewer.getByTestId('pdf-download');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Printer test page');
  expect(text).toContain('Label 40 × 20 mm');
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+113\.\d+ x 56\.\d+ pts/);
  await page.keyboard.press('Escape');

  // The order screen prints the label on this PC's paper: the print is noted as 40 × 20.
  const order = await callDesk<{ id: string; number: string }>(request, 'createIntake', {
    customer: {
      mode: 'new',
      name: 'Paola Ferri',
      phone: '+39 347 555 0142',
      consent: { privacyVersion: '2026.1', termsVersion: '2026.1' },
    },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: 'iPhone 13',
      imei: validImei(),
    },
    complaint: 'Non si carica',
  });
  await openDesk(page, `/orders/${order.id}`);
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.getByRole('button', { name: 'Device label · label 40×20' }).click();
  await expect(page.getByRole('dialog', { name: 'Device label' })).toBeVisible();
  await page.keyboard.press('Escape');
  const detail = await callDesk<{ events: { kind: string; data?: { format?: string } }[] }>(
    request,
    'getOrder',
    { id: order.id },
  );
  expect(detail.events.filter((e) => e.kind === 'print').map((e) => e.data?.format)).toEqual([
    'label_40x20',
  ]);
});

test('the printers screen reads in Italian and Russian', async ({ page }) => {
  await openDesk(page, '/settings/printers');
  await page.getByLabel('Language').selectOption('it');
  await expect(page.getByRole('heading', { name: 'Stampanti', level: 1 })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Etichette apparecchio' })).toBeVisible();
  await page.screenshot({ path: shot('printers-it'), fullPage: true });
  await page.getByLabel('Lingua').selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Принтеры', level: 1 })).toBeVisible();
  await page.screenshot({ path: shot('printers-ru'), fullPage: true });
  await page.getByLabel('Язык').selectOption('en');
});

test('a received device is sent to a workshop chosen from the list', async ({ page, request }) => {
  addWorkshopSite(e2ePort, 'LAB7', 'Laboratorio Lambrate');
  const order = await callDesk<{ id: string }>(request, 'createIntake', {
    customer: {
      mode: 'new',
      name: 'Sergio Marini',
      phone: '+39 347 555 0177',
      consent: { privacyVersion: '2026.1', termsVersion: '2026.1' },
    },
    device: { mode: 'new', category: 'laptop', brand: 'Lenovo', model: 'ThinkPad T14' },
    complaint: 'Tastiera rotta',
  });
  await openDesk(page, `/orders/${order.id}`);
  await page.getByRole('button', { name: 'Move to: To workshop' }).click();
  const dialog = page.getByRole('dialog');
  // The only workshop is chosen already; the reason can be typed at once.
  await expect(dialog.getByLabel('Workshop')).toHaveValue('Laboratorio Lambrate (LAB7)');
  await page.screenshot({ path: shot('send-to-workshop-en') });
  // Picking it from the list, as a receptionist does to be sure, keeps it chosen: clicking the
  // chosen option used to clear it, and Confirm then said to choose a workshop.
  await dialog.getByLabel('Workshop').click();
  await page.getByRole('option', { name: 'Laboratorio Lambrate (LAB7)' }).click();
  await expect(dialog.getByLabel('Workshop')).toHaveValue('Laboratorio Lambrate (LAB7)');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  const detail = await callDesk<{ status: string; workshopSiteId: string | null }>(
    request,
    'getOrder',
    { id: order.id },
  );
  expect(detail.status).toBe('in_transit_to_workshop');
  expect(detail.workshopSiteId).not.toBeNull();
  await expect(page.getByRole('button', { name: 'Move to: At workshop' })).toBeVisible();
});
