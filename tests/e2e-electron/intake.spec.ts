import { expect, test } from '@playwright/test';
import { deskAppForFile } from './desk-app';

const runningDesk = deskAppForFile();

// The same path as the browser E2E (tests/e2e/intake.e2e.ts), here through IPC and SQLite
// in the real Electron shell.
test('a receptionist takes a device in with the keyboard and finds it in the list', async () => {
  const page = runningDesk().window;
  expect(page.url()).toMatch(/^app:\/\/sportello\//);
  await expect(page.getByRole('heading', { name: 'Reception' })).toBeVisible();

  await page.keyboard.press('F2');
  await expect(page.getByRole('heading', { name: 'New intake' })).toBeVisible();
  await expect(page.getByLabel('Find a customer')).toBeFocused();
  await page.keyboard.type('Giulia Bianchi');
  await expect(page.getByText('No customer matches')).toBeVisible();
  await page.keyboard.press('Enter'); // → customer type
  await page.keyboard.press('Enter'); // → name, filled from the search
  await expect(page.getByLabel('Name')).toHaveValue('Giulia Bianchi');
  await page.keyboard.press('Enter'); // → phone
  await page.keyboard.type('347 555 0199');
  await page.keyboard.press('Enter'); // → e-mail
  await page.keyboard.press('Enter'); // → category (Phone)
  await page.keyboard.press('Enter'); // → brand
  await page.keyboard.type('Apple');
  await page.keyboard.press('Enter');
  await page.keyboard.type('iPhone 14');
  await page.keyboard.press('Enter');
  await page.keyboard.type('F2LXK1E2E');
  await page.keyboard.press('Enter'); // → IMEI, left empty
  await page.keyboard.press('Enter'); // → complaint
  await page.keyboard.type('The screen stays black after a fall.');
  await page.keyboard.press('Control+s');

  const toast = page.getByText(/^Order MI01-\d{4}-\d{6} saved$/);
  await expect(toast).toBeVisible();
  const number = (await toast.textContent())?.match(/MI01-\d{4}-\d{6}/)?.[0] ?? '';
  await expect(page.getByRole('heading', { name: number })).toBeVisible();

  await page.keyboard.press('Alt+o');
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
  await page.getByLabel('Search', { exact: true }).fill('0199');
  const row = page.getByRole('row', { name: new RegExp(number) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Giulia Bianchi');
});
