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
});

for (const screen of [
  { name: 'reception', route: '/', heading: 'Reception' },
  { name: 'intake', route: '/intake/new', heading: 'New intake' },
  { name: 'orders', route: '/orders', heading: 'Orders' },
  { name: 'printers', route: '/settings/printers', heading: 'Printers' },
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
  for (const tab of ['Estimate and approval', 'Lines and payments', 'Photos', 'Documents']) {
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
