import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
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
