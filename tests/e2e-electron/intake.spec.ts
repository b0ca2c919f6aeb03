import { expect, test } from '@playwright/test';
import { launchDesk, type RunningDesk } from './desk-app';
import { electronSkipReason } from './electron-availability';

test.skip(electronSkipReason !== undefined, electronSkipReason ?? '');

let desk: RunningDesk;
test.beforeAll(async () => {
  desk = await launchDesk();
});
test.afterAll(async () => {
  await desk?.close();
});

test('a receptionist takes in a phone and finds its order in the list', async () => {
  const page = desk.window;
  expect(page.url()).toMatch(/^app:\/\/sportello\//);
  await page
    .getByRole('link', { name: /New intake/ })
    .first()
    .click();
  await page.getByLabel('Name', { exact: true }).fill('Giulia Bianchi');
  await page.getByLabel('Phone', { exact: true }).fill('+39 347 555 0199');
  await page.getByLabel('Brand', { exact: true }).fill('Apple');
  await page.getByLabel('Model', { exact: true }).fill('iPhone 14');
  await page.getByLabel('Serial number', { exact: true }).fill('F2LXK1E2E');
  await page.getByLabel('Complaint', { exact: true }).fill('The screen stays black after a fall');
  await page.keyboard.press('Control+S');
  await expect(page.getByText(/Order MI01-\d{4}-\d{6} saved/)).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: /^Orders/ })
    .click();
  await page.getByLabel('Search', { exact: true }).fill('F2LXK1E2E');
  const row = page.getByRole('row').filter({ hasText: 'Giulia Bianchi' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/MI01-\d{4}-\d{6}/);
});
