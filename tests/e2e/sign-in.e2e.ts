import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { callDeskRaw, e2eToken, openDesk, signInWithPassword } from './desk-page';
import { e2eAdmin, e2eReceptionist, freshDeskPort } from './people';

const port = Number(process.env.SPORTELLO_E2E_PORT ?? 4792);
/** Screenshots for people to look at, when SPORTELLO_SCREENSHOT_DIR is set. */
const shotDir = process.env.SPORTELLO_SCREENSHOT_DIR;
const shoot = async (page: Page, name: string) => {
  if (shotDir) await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
};

const personButton = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^Signed in: ${name}$`) });

test('a fresh desk opens on the first-run wizard; setting up the head office signs the admin in', async ({
  page,
}) => {
  await page.goto(`http://127.0.0.1:${freshDeskPort(port)}/#/?token=${e2eToken}`);
  await expect(page.getByRole('heading', { name: 'Welcome to Sportello', level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, 'first-run-en');
  await page.getByLabel('Language').selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Добро пожаловать в Sportello' })).toBeVisible();
  await shoot(page, 'first-run-ru');
  await page.getByLabel('Язык').selectOption('en');

  await page.getByRole('button', { name: /Enrol this desk with a code/ }).click();
  await expect(page.getByText('npm run cli -- enrol --server URL --code CODE')).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('button', { name: /Set up the head office/ }).click();
  const form = page.getByRole('form', { name: 'Set up the head office' });
  await form.getByLabel('Site code').fill('to');
  await form.getByRole('button', { name: 'Create and sign in' }).click();
  // The desk's own checks, next to their fields.
  await expect(form.getByLabel('Legal name', { exact: false })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  // No real-looking name is offered as this site's; the country fills in what follows from it.
  await expect(form.getByLabel('Site name')).toHaveValue('');
  await expect(form.getByLabel('Time zone')).toHaveValue('Europe/Rome');
  await form.getByLabel('Country (ISO code)').fill('RU');
  await expect(form.getByLabel('Currency')).toHaveValue('RUB');
  await expect(form.getByLabel('Time zone')).toHaveValue('Europe/Moscow');
  await form.getByLabel('Country (ISO code)').fill('IT');
  await expect(form.getByLabel('Currency')).toHaveValue('EUR');
  await expect(form.getByLabel('Locale for dates and money')).toHaveValue('it-IT');
  await form.getByLabel('Site code').fill('TO01');
  await form.getByLabel('Site name').fill('Sportello Torino');
  await form.getByLabel('Company legal name').fill('Riparazioni Torino S.r.l.');
  await form.getByLabel('Address').fill('Via Roma 10, Torino');
  await form.getByLabel('Full name').fill('Paola Neri');
  await form.getByRole('textbox', { name: 'Login' }).fill('paola');
  await form.getByLabel('Password', { exact: false }).first().fill('a strong first password');
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, 'first-run-form-en');
  await form.getByRole('button', { name: 'Create and sign in' }).click();

  await expect(personButton(page, 'Paola Neri')).toBeVisible();
  await expect(page.getByText('TO01', { exact: true })).toBeVisible();
});

test('a wrong password is refused with a translated message, and nothing opens', async ({
  page,
}) => {
  await page.goto(`/#/?token=${e2eToken}`);
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, 'sign-in-en');
  await signInWithPassword(page, { login: 'marta', password: 'not the password' });
  await expect(page.getByRole('alert')).toHaveText('Wrong login, password or PIN.');

  await page.getByLabel('Language').selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Вход', level: 1 })).toBeVisible();
  await shoot(page, 'sign-in-ru');
  await page.locator('input[type="password"]').fill('still not it');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('alert')).toHaveText('Неверный логин, пароль или PIN-код.');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await page.getByLabel('Язык').selectOption('en');
});

test('people switch at the counter with a PIN', async ({ page }) => {
  await openDesk(page);
  await personButton(page, e2eAdmin.name).click();
  await page.getByRole('menuitem', { name: 'Switch person' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await page.getByText(e2eReceptionist.name, { exact: true }).click();
  await page.locator('input[type="password"]').fill(e2eReceptionist.pin);
  await page.keyboard.press('Enter');
  await expect(personButton(page, e2eReceptionist.name)).toBeVisible();

  await personButton(page, e2eReceptionist.name).click();
  await page.getByRole('menuitem', { name: 'Switch person' }).click();
  await page.getByText(e2eAdmin.name, { exact: true }).click();
  await page.locator('input[type="password"]').fill(e2eAdmin.pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(personButton(page, e2eAdmin.name)).toBeVisible();
});

test('an idle counter locks itself; the same person unlocks with the PIN and the draft is still there', async ({
  page,
}) => {
  await page.clock.install();
  await openDesk(page, '/intake/new');
  const name = page.getByRole('textbox', { name: /Name/ }).first();
  await name.fill('Giorgio Verdi');

  // Nobody touches the desk for longer than the idle timeout (15 minutes by default).
  await page.clock.fastForward('16:00');
  await expect(page.getByRole('heading', { name: 'Locked', level: 1 })).toBeVisible();
  await expect(page.getByText(/Marta Rossi, this desk locked itself/)).toBeVisible();
  await expect(page.getByText('Giorgio Verdi')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, 'lock-en');
  await page.getByLabel('Language').selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Заблокировано', level: 1 })).toBeVisible();
  await shoot(page, 'lock-ru');
  await page.getByLabel('Язык').selectOption('en');

  await page.locator('input[type="password"]').fill('0000');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong login, password or PIN.');
  await page.locator('input[type="password"]').fill(e2eAdmin.pin);
  await page.getByRole('button', { name: 'Unlock' }).click();

  await expect(page.getByRole('heading', { name: 'New intake', level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /Name/ }).first()).toHaveValue('Giorgio Verdi');
});

test('a receptionist has no Users screen, and the desk refuses the list if asked directly', async ({
  page,
  request,
}) => {
  await openDesk(page, '/settings', e2eReceptionist);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users and roles' })).toHaveCount(0);

  await page.goto(`/#/settings/users`);
  await expect(page.getByRole('alert')).toHaveText('You are not allowed to do this.');
  await expect(page.getByRole('table')).toHaveCount(0);

  const direct = await callDeskRaw(request, 'listUsers', {}, e2eReceptionist);
  expect(direct).toEqual({
    ok: false,
    error: { code: 'forbidden', params: { method: 'listUsers' } },
  });
});

test('an admin adds a person with a role on the Users screen, then deactivates them', async ({
  page,
}) => {
  await openDesk(page, '/settings');
  await page.getByRole('link', { name: 'Users and roles' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByRole('cell', { name: e2eReceptionist.name, exact: true })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Add a person' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Sara Gallo');
  await page.getByRole('textbox', { name: 'Login' }).fill('sara');
  await page.locator('input[type="password"]').first().fill('a password for sara');
  await page.getByRole('checkbox', { name: 'Technician' }).check();
  await page.getByRole('checkbox', { name: 'Receptionist' }).uncheck();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Sara Gallo can now sign in.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Sara Gallo', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Deactivate Sara Gallo' }).click();
  await expect(page.getByText('Sara Gallo can no longer sign in.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Sara Gallo', exact: true })).toHaveCount(0);
});
