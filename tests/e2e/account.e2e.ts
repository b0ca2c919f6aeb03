import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { callDesk, openDesk, signInWithPassword } from './desk-page';
import { e2eAdmin, type E2ePerson } from './people';

const personButton = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^Signed in: ${name}$`) });

/** A person of this test only, so the shared desk's people keep their passwords. */
async function addPerson(page: Page, person: E2ePerson) {
  await callDesk(page.request, 'createUser', {
    name: person.name,
    login: person.login,
    password: person.password,
    roles: ['technician'],
  });
}

test('a technician changes her password and sets a PIN, then signs in with them', async ({
  page,
}) => {
  const elena = {
    name: 'Elena Riva',
    login: `elena.${Date.now()}`,
    password: 'elena first password',
    pin: '',
  };
  await addPerson(page, elena);
  await openDesk(page, '/', elena);

  await personButton(page, elena.name).click();
  await page.getByRole('menuitem', { name: 'Password and PIN' }).click();
  await expect(page.getByRole('heading', { name: 'Password and PIN', level: 1 })).toBeVisible();
  await expect(page.getByText('You have no PIN: you sign in with your password.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const passwordForm = page.locator('form', { hasText: 'Change your password' });
  await passwordForm.getByLabel('Current password').fill('not my password');
  await passwordForm.getByLabel('New password').first().fill('elena second password');
  await passwordForm.getByLabel('New password again').fill('elena second password');
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await expect(passwordForm.getByText('That is not your current password.')).toBeVisible();
  await passwordForm.getByLabel('Current password').fill(elena.password);
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password is changed.')).toBeVisible();

  const pinForm = page.locator('form', { hasText: 'Your PIN' });
  await pinForm.getByLabel('Current password').fill('elena second password');
  await pinForm.getByLabel('New PIN').fill('2468');
  await pinForm.getByRole('button', { name: 'Save PIN' }).click();
  await expect(page.getByText('Your PIN is saved.')).toBeVisible();
  await expect(pinForm.getByText('You have a PIN for quick sign-in at the desk.')).toBeVisible();

  await page.getByLabel('Language').selectOption('it');
  await expect(page.getByRole('heading', { name: 'Password e PIN', level: 1 })).toBeVisible();
  await page.getByLabel('Lingua').selectOption('en');

  // The old password no longer opens the desk; the new PIN does.
  await personButton(page, elena.name).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signInWithPassword(page, elena);
  await expect(page.getByRole('alert')).toHaveText('Wrong login, password or PIN.');
  await page.locator('label', { hasText: /^PIN$/ }).click();
  await page.getByText(elena.name, { exact: true }).click();
  await page.locator('input[type="password"]').fill('2468');
  await page.keyboard.press('Enter');
  await expect(personButton(page, elena.name)).toBeVisible();
});

test('an admin edits a person: new name, another role, and removes their PIN', async ({ page }) => {
  const login = `piero.${Date.now()}`;
  await callDesk(page.request, 'createUser', {
    name: 'Piero Fabbri',
    login,
    password: 'piero first password',
    pin: '1357',
    roles: ['receptionist'],
  });
  await openDesk(page, '/settings/users', e2eAdmin);
  await page.getByRole('button', { name: 'Edit Piero Fabbri' }).click();
  const form = page.locator('form', { hasText: 'Edit Piero Fabbri' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Piero Fabbri Jr');
  await form.getByRole('checkbox', { name: 'Technician' }).check();
  await form.getByRole('checkbox', { name: 'Remove their PIN' }).check();
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Piero Fabbri Jr is updated.')).toBeVisible();
  const row = page.getByRole('row', { name: /Piero Fabbri Jr/ });
  await expect(row.getByText('Technician')).toBeVisible();
  await expect(row.getByRole('cell', { name: 'No', exact: true })).toBeVisible();
});
