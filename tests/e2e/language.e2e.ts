import { expect, test } from '@playwright/test';
import { openDesk } from './desk-page';

test('switching to Italian and Russian changes the whole UI, and the choice is remembered', async ({
  page,
}) => {
  await openDesk(page);
  const nav = page.getByRole('navigation').first();
  await expect(nav.getByRole('link', { name: /Reception/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /New intake/ })).toBeVisible();

  await page.getByLabel('Language').selectOption('it');
  await expect(nav.getByRole('link', { name: /Accettazione/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /Ordini/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Nuova accettazione/ })).toBeVisible();
  await expect(page.getByText('Banco autonomo')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');

  await page.getByLabel('Lingua').selectOption('ru');
  await expect(nav.getByRole('link', { name: /Приёмка/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /Заказы/ })).toBeVisible();
  await expect(page.getByText('Автономная стойка')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('link', { name: /Новый приём/ })).toBeVisible();
  await page.getByLabel('Язык').selectOption('en');
  await expect(nav.getByRole('link', { name: /Reception/ })).toBeVisible();
});
