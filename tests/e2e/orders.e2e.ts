import { expect, test } from '@playwright/test';
import { callDesk, openDesk } from './desk-page';

const family = `Paginato${Math.floor(Math.random() * 1e6)}`;
const seeded = 55;

test.beforeAll(async ({ request }) => {
  for (let i = 0; i < seeded; i++) {
    const n = String(i).padStart(2, '0');
    await callDesk(request, 'createIntake', {
      customer: { mode: 'new', name: `${family} Cliente${n}`, phone: `+39 347 611 20${n}` },
      device: {
        mode: 'new',
        category: 'tablet',
        brand: 'Apple',
        model: 'iPad Air',
        serial: `PG${n}`,
      },
      complaint: 'Batteria gonfia',
    });
  }
});

test('the order list pages by 50, sorts by a column and filters by status', async ({ page }) => {
  await openDesk(page, '/orders');
  await page.getByLabel('Search', { exact: true }).fill(family);
  await expect(page.getByTestId('orders-range')).toHaveText(`1–50 of ${seeded}`);
  await expect(page.locator('tbody tr')).toHaveCount(50);

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('orders-range')).toHaveText(`51–${seeded} of ${seeded}`);
  await page.getByRole('button', { name: 'Previous page' }).click();

  await page.getByRole('button', { name: /^Customer/ }).click();
  await expect(page.getByRole('columnheader', { name: /Customer/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(page.locator('tbody tr').first()).toContainText(`${family} Cliente00`);
  await page.getByRole('button', { name: /^Customer/ }).click();
  await expect(page.locator('tbody tr').first()).toContainText(`${family} Cliente54`);

  await page.getByLabel('Status').selectOption('ready_for_pickup');
  await expect(page.getByText('No orders match.')).toBeVisible();
  await page.getByLabel('Status').selectOption('received');
  await expect(page.getByTestId('orders-range')).toHaveText(`1–50 of ${seeded}`);
});

test('/ focuses the global search; Enter lists the matching orders', async ({ page }) => {
  await openDesk(page);
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search orders')).toBeFocused();
  await page.keyboard.type('PG07');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr')).toContainText(`${family} Cliente07`);
});

test('the token is kept out of the address bar once the page has it', async ({ page }) => {
  await openDesk(page);
  expect(page.url()).not.toContain('token');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
});
