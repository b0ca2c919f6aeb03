import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openDesk } from './desk-page';

/** Pictures of the main screens in each language, for people to look at (not compared). */
const outDir = process.env.SPORTELLO_SCREENSHOT_DIR;

test.skip(!outDir, 'set SPORTELLO_SCREENSHOT_DIR to take screenshots');

for (const lang of ['en', 'it', 'ru'] as const) {
  test(`screenshots in ${lang}`, async ({ page }) => {
    await openDesk(page);
    await page.getByRole('combobox').last().selectOption(lang);
    const shot = (name: string) =>
      page.screenshot({ path: path.join(outDir!, `${name}-${lang}.png`), fullPage: true });
    await shot('reception');
    await page.keyboard.press('F2');
    await expect(page.locator('form')).toBeVisible();
    await shot('intake');
    await page.keyboard.press('Control+s');
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await shot('intake-errors');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+o');
    await expect(page.locator('table')).toBeVisible();
    await shot('orders');
    await page.locator('tbody tr').first().click();
    await expect(page.locator('h1')).toContainText('MI01-');
    await shot('order');
  });
}
