import { expect, test } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { seriousViolations } from './axe';
import { readyOrder } from './counter-fixtures';
import { backdateReady } from './desk-data';
import { callDesk, openDesk } from './desk-page';

test.beforeAll(async ({ request }) => {
  // The order list and order page need at least one order to show their tables.
  await callDesk(request, 'createIntake', {
    customer: { mode: 'new', name: 'Ольга Смирнова', phone: '+39 333 123 4567' },
    device: { mode: 'new', category: 'laptop', brand: 'Lenovo', model: 'ThinkPad T14' },
    complaint: 'Клавиатура не работает',
  });
  // The stock screen needs a part for its table; a second one is out of stock.
  for (const [sku, name] of [
    ['A11Y-KB-T14', 'Keyboard ThinkPad T14'],
    ['A11Y-FAN-T14', 'Fan ThinkPad T14'],
  ] as const) {
    const part = await callDesk<{ id: string }>(request, 'savePart', {
      sku: `${sku}-${Date.now()}`,
      name,
      price: 4500,
      vatRateBp: 2200,
      warrantyMonths: 6,
    });
    if (sku === 'A11Y-KB-T14')
      await callDesk(request, 'receiveStock', { partId: part.id, quantityMilli: 2000 });
  }
});

for (const screen of [
  { name: 'reception', route: '/', heading: 'Reception' },
  { name: 'intake', route: '/intake/new', heading: 'New intake' },
  { name: 'orders', route: '/orders', heading: 'Orders' },
  { name: 'printers', route: '/settings/printers', heading: 'Printers' },
  { name: 'stock', route: '/stock', heading: 'Parts & stock' },
]) {
  test(`the ${screen.name} screen has no serious or critical axe violations`, async ({ page }) => {
    await openDesk(page, screen.route);
    await expect(page.getByRole('heading', { name: screen.heading, level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('the order page has no serious or critical axe violations', async ({ page }) => {
  await openDesk(page, '/orders');
  await page
    .getByRole('row', { name: /ThinkPad/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /MI01-/, level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the counter screens (order tabs, hand-over, uncollected) have no serious or critical axe violations', async ({
  page,
  request,
}) => {
  const order = await readyOrder(request, { name: 'Marta Gallo', phone: '+39 345 222 3344' });
  await openDesk(page, `/orders/${order.id}`);
  await expect(page.getByRole('heading', { name: order.number, level: 1 })).toBeVisible();
  for (const tab of [
    'Estimate and approval',
    'Lines and payments',
    'Photos and files',
    'Documents',
  ]) {
    await page.getByRole('tab', { name: tab }).click();
    expect(await seriousViolations(page), tab).toEqual([]);
  }
  await page.getByRole('button', { name: 'Move to: Handed over' }).click();
  await expect(page.getByRole('dialog', { name: 'Hand over the device' })).toBeVisible();
  await expect(page.getByLabel('Description of line 1')).toHaveValue('Display assembly');
  expect(await seriousViolations(page), 'hand-over').toEqual([]);
  await page.keyboard.press('Escape');

  backdateReady(e2ePort, order.id, 40);
  await openDesk(page, '/uncollected');
  await expect(page.getByRole('heading', { name: 'Uncollected devices', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: order.number })).toBeVisible();
  expect(await seriousViolations(page), 'uncollected').toEqual([]);
});

test('the stock dialogs and history have no serious or critical axe violations', async ({
  page,
}) => {
  await openDesk(page, '/stock');
  const row = page.locator('tbody tr', { hasText: 'Keyboard ThinkPad T14' }).first();
  await row.getByRole('button', { name: /^Receive / }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Book the receipt' }).click();
  await expect(page.getByRole('dialog').locator('[aria-invalid="true"]')).toBeVisible();
  expect(await seriousViolations(page), 'receive').toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'New part' }).click();
  await expect(page.getByRole('dialog', { name: 'New part' })).toBeVisible();
  expect(await seriousViolations(page), 'new part').toEqual([]);
  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: /^History of / }).click();
  await expect(page.getByRole('table', { name: 'Stock movements, newest first' })).toBeVisible();
  expect(await seriousViolations(page), 'history').toEqual([]);
});
