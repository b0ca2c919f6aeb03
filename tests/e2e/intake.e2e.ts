import { expect, test } from '@playwright/test';
import { callDesk, openDesk } from './desk-page';

const randomDigits = (n: number) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

test('a receptionist takes a device in with the keyboard and finds it by a phone fragment', async ({
  page,
}) => {
  const phoneTail = randomDigits(7);
  const name = `Marco Esposito ${randomDigits(3)}`;
  await openDesk(page);

  await page.keyboard.press('F2');
  await expect(page.getByRole('heading', { name: 'New intake' })).toBeVisible();
  // The customer search has the focus; no match, so Enter hands the name to the new-customer fields.
  await expect(page.getByLabel('Find a customer')).toBeFocused();
  await page.keyboard.type(name);
  await expect(page.getByText('No customer matches')).toBeVisible();
  await page.keyboard.press('Enter'); // → customer type
  await page.keyboard.press('Enter'); // → name (already filled from the search)
  await expect(page.getByLabel('Name')).toHaveValue(name);
  await page.keyboard.press('Enter'); // → phone
  await page.keyboard.type(`347 ${phoneTail}`);
  await page.keyboard.press('Enter'); // → e-mail
  await page.keyboard.press('Enter'); // → tax id
  await page.keyboard.press('Enter'); // → privacy and terms consent
  await page.keyboard.press('Space'); // ticked
  await page.keyboard.press('Enter'); // → category (Phone)
  await page.keyboard.press('Enter'); // → brand
  await page.keyboard.type('Samsung');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Galaxy S23');
  await page.keyboard.press('Enter');
  await page.keyboard.type('R58T91XKZ');
  await page.keyboard.press('Enter'); // → IMEI, left empty
  await page.keyboard.press('Enter'); // → complaint
  await expect(page.getByLabel('Complaint')).toBeFocused();
  await page.keyboard.type('Does not charge.');
  await page.keyboard.press('Enter'); // a new line in the complaint, not a jump
  await page.keyboard.type('Dropped in water last week.');
  await page.keyboard.press('Control+s');

  const toast = page.getByText(/^Order MI01-\d{4}-\d{6} saved$/);
  await expect(toast).toBeVisible();
  const number = (await toast.textContent())!.match(/MI01-\d{4}-\d{6}/)![0];
  await expect(page.getByRole('heading', { name: number })).toBeVisible();
  await expect(page.getByText('Does not charge.\nDropped in water last week.')).toBeVisible();
  await expect(page.getByText('Received', { exact: true }).first()).toBeVisible();

  await page.keyboard.press('Alt+o');
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
  await page.getByLabel('Search', { exact: true }).fill(phoneTail.slice(-4));
  const row = page.getByRole('row', { name: new RegExp(number) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(name);
  await row.click();
  await expect(page.getByRole('heading', { name: number })).toBeVisible();
});

test('bad input is refused next to each field, translated, and nothing is saved', async ({
  page,
  request,
}) => {
  const before = await callDesk<{ total: number }>(request, 'listOrders', {});
  await openDesk(page, '/intake/new');

  await page.getByLabel('Name').fill('');
  await page.getByLabel('Phone').fill('abc');
  await page.getByLabel('Brand').fill('Apple');
  await page.getByLabel('Model').fill('x'.repeat(10_000));
  await page.getByLabel('Complaint').fill('Screen cracked');
  await page.keyboard.press('Control+s');

  await expect(page.getByLabel('Name')).toHaveAccessibleDescription('Required.');
  await expect(page.getByLabel('Phone')).toHaveAccessibleDescription(/Not a phone number/);
  await expect(page.getByLabel('Model')).toHaveAccessibleDescription(
    'Too long: at most 120 characters.',
  );
  await expect(page.getByLabel('Name')).toBeFocused();

  // The same messages in Italian, at once.
  await page.getByLabel('Language').selectOption('it');
  await expect(page.getByLabel('Nome')).toHaveAccessibleDescription('Obbligatorio.');
  await expect(page.getByLabel('Modello')).toHaveAccessibleDescription(
    'Troppo lungo: al massimo 120 caratteri.',
  );

  // A number that looks like a phone but is not one in Italy: only the desk can tell, and its
  // answer lands next to the same field.
  await page.getByLabel('Nome').fill('Anna Verdi');
  await page.getByLabel('Modello').fill('iPhone 13');
  await page.getByLabel('Telefono').fill('123456');
  await page.keyboard.press('Control+s');
  await expect(page.getByLabel('Telefono')).toHaveAccessibleDescription(
    /Non è un numero di telefono/,
  );

  const after = await callDesk<{ total: number }>(request, 'listOrders', {});
  expect(after.total).toBe(before.total);

  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Accettazione', level: 1 })).toBeVisible();
});

test('a half-typed intake survives a reload; Esc cancels it', async ({ page }) => {
  await openDesk(page, '/intake/new');
  await page.getByLabel('Name').fill('Lucia Ferri');
  await page.getByLabel('Complaint').fill('Il display sfarfalla');
  await page.reload();
  await expect(page.getByText('Your unsaved intake was restored.')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('Lucia Ferri');
  await expect(page.getByLabel('Complaint')).toHaveValue('Il display sfarfalla');

  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
  await page.keyboard.press('F2');
  await expect(page.getByLabel('Name')).toHaveValue('');
});

test('a returning customer is found by four digits of the phone and picked with the keyboard', async ({
  page,
  request,
}) => {
  const tail = String(Math.floor(1000 + Math.random() * 8999));
  await callDesk(request, 'createIntake', {
    customer: { mode: 'new', name: 'Paolo Conte', phone: `+39 348 777 ${tail}` },
    device: { mode: 'new', category: 'tv', brand: 'LG', model: 'OLED55C3' },
    complaint: 'Nessun segnale HDMI',
  });
  await openDesk(page, '/intake/new');
  await expect(page.getByLabel('Find a customer')).toBeFocused();
  await page.keyboard.type(tail);
  await expect(page.getByRole('option', { name: /Paolo Conte/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Existing customer' })).toContainText('Paolo Conte');
  await expect(page.getByLabel('Category')).toBeFocused();
  await page.getByLabel('Brand').fill('LG');
  await page.getByLabel('Model').fill('OLED55C3');
  await page.getByLabel('Complaint').fill('Again no HDMI signal');
  await page.keyboard.press('Control+s');
  await expect(page.getByText(/^Order MI01-\d{4}-\d{6} saved$/)).toBeVisible();
  await expect(page.getByText('Paolo Conte')).toBeVisible();
});

test('a technician is not offered the intake: no New intake, F2 stays put, the form says who takes devices in', async ({
  page,
}) => {
  const technician = {
    name: 'Tecla Ferri',
    login: `tecla.${Date.now()}`,
    password: 'tecla long password',
    pin: '',
  };
  await callDesk(page.request, 'createUser', {
    name: technician.name,
    login: technician.login,
    password: technician.password,
    roles: ['technician'],
  });
  await openDesk(page, '/', technician);
  await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
  // She used to fill the whole form in and be told "You are not allowed to do this." on saving.
  await expect(page.getByRole('link', { name: /New intake/ })).toHaveCount(0);
  await page.keyboard.press('F2');
  await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
  await openDesk(page, '/intake/new', technician);
  await expect(page.getByRole('status')).toHaveText(
    "Taking a device in is for the counter's staff (receptionists, managers and administrators). Devices taken in elsewhere are under Orders.",
  );
  await expect(page.getByLabel('Find a customer')).toHaveCount(0);
});
