import { expect, test } from '@playwright/test';
import { minimalPdf } from '../support/files';
import { deskAppForFile } from './desk-app';

const runningDesk = deskAppForFile();

// The browser E2E (tests/e2e/attachments.e2e.ts) shows the PDF in the page; the desk app's page
// frames nothing, so main opens it in a PDF window of its own.
test('a PDF kept with an order opens in a sandboxed PDF window of its own', async () => {
  const { app, window: page } = runningDesk();
  await expect(page.getByRole('heading', { name: 'Reception' })).toBeVisible();
  const order = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        sportello: { createIntake(input: unknown): Promise<{ value: { number: string } }> };
      }
    ).sportello.createIntake({
      customer: { mode: 'new', name: 'Paola Ferri', phone: '+39 347 555 0101' },
      device: { mode: 'new', category: 'phone', brand: 'Apple', model: 'iPhone 14' },
      complaint: 'Battery drains in two hours',
      deposit: 0,
    });
    return result.value;
  });
  await page.keyboard.press('Alt+o');
  await page.getByLabel('Search', { exact: true }).fill('0101');
  await page.getByRole('row', { name: new RegExp(order.number) }).click();
  await page.getByRole('tab', { name: 'Photos and files' }).click();
  await page.locator('input[type=file]').setInputFiles({
    name: 'scontrino.pdf',
    mimeType: 'application/pdf',
    buffer: minimalPdf,
  });
  await page.getByRole('button', { name: 'Keep 1 file with the order' }).click();

  const opened = app.waitForEvent('window');
  await page.getByRole('button', { name: 'Open: scontrino.pdf' }).click();
  const viewer = await opened;
  await expect
    .poll(() => viewer.url())
    .toMatch(/^file:\/\/.*\/sportello-document-[^/]+\/document\.pdf$/);
  // The page itself did not navigate, and has no frame.
  expect(page.url()).toMatch(/^app:\/\/sportello\//);
  await expect(page.locator('iframe')).toHaveCount(0);
});
