import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { randomDigits, validImei } from './counter-fixtures';
import { callDesk, openDesk } from './desk-page';
import { e2eReceptionist } from './people';

/** Pictures of the stock screens when SPORTELLO_SCREENSHOT_DIR is set, for people to look at. */
const outDir = process.env.SPORTELLO_SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (!outDir) return;
  // The toasts of what was just booked would hide the screen's own corner.
  const style = '.mantine-Notifications-root { display: none; }';
  await page.screenshot({ path: path.join(outDir, `stock-${name}.png`), style });
};

interface Part {
  id: string;
  sku: string;
}

const savePart = (
  request: Parameters<typeof callDesk>[0],
  sku: string,
  name: string,
  price: number,
) => callDesk<Part>(request, 'savePart', { sku, name, price, vatRateBp: 2200, warrantyMonths: 6 });

/** An order taken in and diagnosed: the desk may price it now. */
async function diagnosedOrder(request: Parameters<typeof callDesk>[0]) {
  const order = await callDesk<{ id: string; number: string }>(request, 'createIntake', {
    customer: { mode: 'new', name: 'Paolo Verdi', phone: `+39 347 ${randomDigits(7)}` },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: 'iPhone 14',
      imei: validImei(),
    },
    complaint: 'Display rotto dopo una caduta',
  });
  await callDesk(request, 'changeStatus', {
    orderId: order.id,
    to: 'diagnosed',
    expectedStatus: 'received',
    reason: 'Display broken',
  });
  return order;
}

test('a manager adds a part, books a delivery and a correction, reads its history, prices an estimate with it and sees it used by the repair', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const suffix = randomDigits(5);
  const sku = `LCD-IP14-${suffix}`;
  const taken = await savePart(request, `BAT-IP14-${suffix}`, 'Battery iPhone 14', 3490);
  await savePart(request, `FLX-CHG-${suffix}`, 'Charging port flex cable, USB-C', 1250);

  await openDesk(page, '/stock');
  await expect(page.getByRole('heading', { name: 'Parts & stock', level: 1 })).toBeVisible();

  // A new part whose SKU another part already has is refused at the SKU field.
  await page.getByRole('button', { name: 'New part' }).click();
  const form = page.getByRole('dialog', { name: 'New part' });
  await form.getByLabel('SKU').fill(taken.sku);
  await form.getByLabel('Name').fill('Display iPhone 14 OLED');
  await form.getByLabel('Net price').fill('89,90');
  await form.getByLabel('Warranty (months)').fill('12');
  await form.getByRole('button', { name: 'Save part' }).click();
  await expect(form.getByLabel('SKU')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(`Another part already has SKU ${taken.sku}.`)).toBeVisible();
  await form.getByLabel('SKU').fill(sku);
  await page.keyboard.press('Control+s');
  await expect(form).toBeHidden();

  const row = page.getByTestId(`part-${sku}`);
  await expect(row).toContainText('Display iPhone 14 OLED');
  await expect(row).toContainText('89,90');
  await expect(row.getByTestId('on-hand')).toContainText('Out of stock');

  // A delivery of three pieces with its delivery note.
  await row.getByRole('button', { name: `Receive ${sku}` }).click();
  const receive = page.getByRole('dialog', { name: `Receive ${sku}` });
  await receive.getByLabel('Quantity (pieces)').fill('3');
  await receive.getByLabel('Delivery note or supplier (optional)').fill('DDT 2026/118');
  await receive.getByRole('button', { name: 'Book the receipt' }).click();
  await expect(receive).toBeHidden();
  await expect(row.getByTestId('on-hand')).toHaveText('3');

  // One broken while fitting: a correction needs its reason.
  await row.getByRole('button', { name: `Adjust stock of ${sku}` }).click();
  const adjust = page.getByRole('dialog', { name: `Adjust stock of ${sku}` });
  await adjust.getByLabel('Change (pieces)').fill('-1');
  await adjust.getByRole('button', { name: 'Book the adjustment' }).click();
  await expect(adjust.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'adjust-en');
  await adjust.getByLabel('Reason').fill('Broken while fitting');
  await adjust.getByRole('button', { name: 'Book the adjustment' }).click();
  await expect(adjust).toBeHidden();
  await expect(row.getByTestId('on-hand')).toHaveText('2');
  await page.getByRole('searchbox', { name: 'Search parts' }).fill(suffix);
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await shot(page, 'list-en');

  await row.getByRole('button', { name: `History of ${sku}` }).click();
  const history = page.getByRole('dialog', { name: `History of ${sku}` });
  await expect(history.getByTestId('history-on-hand')).toHaveText('On hand at this site: 2');
  const movements = history.getByRole('table', { name: 'Stock movements, newest first' });
  await expect(movements.locator('tbody tr')).toHaveCount(2);
  const [adjusted, received] = [
    movements.locator('tbody tr').nth(0),
    movements.locator('tbody tr').nth(1),
  ];
  await expect(adjusted).toContainText('Adjustment');
  await expect(adjusted).toContainText('-1');
  await expect(adjusted).toContainText('Broken while fitting');
  await expect(adjusted).toContainText('Marta Rossi');
  await expect(received).toContainText('Received');
  await expect(received).toContainText('+3');
  await expect(received).toContainText('DDT 2026/118');
  await shot(page, 'history-en');
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();

  // Opened on one part (as the sync drawer links a refused change's part).
  await page.evaluate((part) => (location.hash = `#/stock?q=${encodeURIComponent(part)}`), sku);
  await expect(page.getByRole('searchbox', { name: 'Search parts' })).toHaveValue(sku);
  await expect(page.locator('tbody tr')).toHaveCount(1);

  // The estimate: a part line picked from the catalogue, and one typed freely.
  const order = await diagnosedOrder(request);
  await openDesk(page, `/orders/${order.id}`);
  await page.getByRole('tab', { name: 'Estimate and approval' }).click();
  await page.getByLabel('Kind of line 1').selectOption('part');
  await page.getByLabel('Description of line 1').fill(sku);
  await expect(page.getByRole('option', { name: new RegExp(sku) })).toBeVisible();
  await shot(page, 'picker-en');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Description of line 1')).toHaveValue('Display iPhone 14 OLED');
  await expect(page.getByLabel('Unit price of line 1')).toHaveValue('89.90');
  await expect(page.getByLabel('VAT rate of line 1')).toHaveValue('2200');
  await expect(page.getByLabel('Warranty months of line 1')).toHaveValue('12');
  await expect(page.getByTestId('line-1-part')).toContainText(`Catalogue part ${sku}`);
  await expect(page.getByTestId('line-1-part')).toContainText('2 on hand');
  await shot(page, 'estimate-picker-en');

  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('Kind of line 2').selectOption('part');
  await page.getByLabel('Description of line 2').fill('Adhesive gasket kit');
  await page.keyboard.press('Escape');
  await page.getByLabel('Unit price of line 2').fill('4,00');
  await page.getByRole('button', { name: 'Send to the customer for approval' }).click();
  await expect(page.getByText('Waiting for the customer')).toBeVisible();

  const estimates = await callDesk<{ lines: { description: string; partId?: string }[] }[]>(
    request,
    'listEstimates',
    { orderId: order.id },
  );
  const part = await callDesk<{ parts: Part[] }>(request, 'listParts', { term: sku });
  expect(estimates[0]!.lines.map((l) => [l.description, l.partId])).toEqual([
    ['Display iPhone 14 OLED', part.parts[0]!.id],
    ['Adhesive gasket kit', undefined],
  ]);

  // Repaired: the workshop used the picked part, and its history links the order.
  const estimate = await callDesk<{ id: string }[]>(request, 'listEstimates', {
    orderId: order.id,
  });
  await callDesk(request, 'recordApproval', {
    estimateId: estimate[0]!.id,
    decision: 'approved',
    via: 'phone',
    at: Date.now() - 1000,
  });
  for (const [from, to] of [
    ['approved', 'in_repair'],
    ['in_repair', 'repaired'],
  ] as const)
    await callDesk(request, 'changeStatus', { orderId: order.id, to, expectedStatus: from });
  await openDesk(page, '/stock');
  await page.getByRole('searchbox', { name: 'Search parts' }).fill(sku);
  await expect(page.getByTestId(`part-${sku}`).getByTestId('on-hand')).toHaveText('1');
  await page.getByRole('button', { name: `History of ${sku}` }).click();
  const used = page
    .getByRole('table', { name: 'Stock movements, newest first' })
    .locator('tbody tr')
    .first();
  await expect(used).toContainText('Used on an order');
  await expect(used).toContainText('-1');
  await shot(page, 'history-used-en');
  await used.getByRole('link', { name: order.number }).click();
  await expect(page.getByRole('heading', { name: order.number, level: 1 })).toBeVisible();

  // The same list in Italian.
  await openDesk(page, '/stock');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('it');
  await expect(page.getByRole('heading', { name: 'Ricambi e magazzino', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Cerca ricambi' }).fill(suffix);
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await shot(page, 'list-it');

  // And in Russian.
  await page.getByRole('combobox', { name: 'Lingua' }).selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Запчасти и склад', level: 1 })).toBeVisible();
  await shot(page, 'list-ru');
});

test('a receptionist books deliveries and reads the history, but neither edits the catalogue nor corrects stock', async ({
  page,
  request,
}) => {
  const sku = `SCR-${randomDigits(6)}`;
  await savePart(request, sku, 'Screw set, pentalobe', 150);
  await openDesk(page, '/stock', e2eReceptionist);
  const row = page.getByTestId(`part-${sku}`);
  await expect(row.getByRole('button', { name: `Receive ${sku}` })).toBeVisible();
  await expect(row.getByRole('button', { name: `History of ${sku}` })).toBeVisible();
  await expect(row.getByRole('button', { name: `Adjust stock of ${sku}` })).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Edit ${sku}` })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New part' })).toHaveCount(0);

  await row.getByRole('button', { name: `Receive ${sku}` }).click();
  const receive = page.getByRole('dialog', { name: `Receive ${sku}` });
  await receive.getByLabel('Quantity (pieces)').fill('0,5');
  await page.keyboard.press('Enter');
  await expect(receive).toBeHidden();
  await expect(row.getByTestId('on-hand')).toHaveText('0,5');
});
