import { expect, test } from '@playwright/test';
import { moveTo, pngPhoto, printedPdf, randomDigits, validImei } from './counter-fixtures';
import { callDesk, openDesk } from './desk-page';

interface Order {
  id: string;
  number: string;
  status: string;
  warrantyParentOrderId: string | null;
  warrantyBasis: string;
  condition: string[];
  deposit: number;
}

test('the counter’s whole day: intake, receipt, workflow, estimate, hand-over, warranty return', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const phoneTail = randomDigits(7);
  const imei = validImei();
  const name = `Chiara Colombo ${randomDigits(3)}`;

  // Intake with condition, accessories, deposit and a photo; saved and printed with Ctrl+P.
  await openDesk(page, '/intake/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Phone').fill(`347 ${phoneTail}`);
  await page.getByLabel(/accepts the privacy notice/).check();
  await page.getByLabel('Brand').fill('Samsung');
  await page.getByLabel('Model').fill('Galaxy S23');
  await page.getByLabel('IMEI').fill(imei);
  await page.getByLabel('Complaint').fill('Cracked screen after a fall');
  await page.getByRole('checkbox', { name: 'Scratches' }).check();
  await page.getByRole('checkbox', { name: 'Cracked screen' }).check();
  await page.getByRole('checkbox', { name: 'Case', exact: true }).check();
  await page.getByLabel('Condition notes').fill('Dent on the lower left corner');
  await page.getByLabel('Deposit').fill('20,00');
  await page.getByLabel('Pre-authorised without a call').fill('80,00');
  await page.locator('input[type=file]').setInputFiles(pngPhoto());
  await expect(page.getByRole('img', { name: 'front.png' })).toBeVisible();
  await page.keyboard.press('Control+p');

  // The receipt opens at once, is a PDF, and carries the order number.
  await expect(page.getByRole('dialog', { name: 'Intake receipt' })).toBeVisible();
  const receipt = await printedPdf(page);
  expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const number = page.getByRole('heading', { level: 1 });
  const orderNumber = (await number.textContent())!;
  expect(orderNumber).toMatch(/^MI01-\d{4}-\d{6}$/);
  expect(receipt.text).toContain(orderNumber);
  await page.keyboard.press('Escape');
  await expect(page.getByText('Opened to print: Intake receipt (80 mm roll)')).toBeVisible();

  const first = await callDesk<Order>(request, 'getOrder', { number: orderNumber });
  expect(first.condition).toEqual(['scratches', 'cracked_screen']);
  expect(first.deposit).toBe(2000);
  await page.getByRole('tab', { name: 'Photos and files' }).click();
  await expect(page.getByRole('img', { name: 'front.png' })).toBeVisible();

  // Through the workflow: diagnosed, an estimate the customer approves, repaired, ready.
  await moveTo(page, 'Diagnosed', 'Display and frame damaged; battery fine');
  await page.getByRole('button', { name: 'Move to: Awaiting approval' }).click();
  // The estimate is priced and answered against what the customer pre-authorised at intake.
  await expect(
    page.getByText(/^The customer pre-authorised up to 80,00\s€ at intake, without a call\.$/),
  ).toBeVisible();
  await page.getByLabel('Kind of line 1').selectOption('part');
  await page.getByLabel('Description of line 1').fill('Display assembly');
  await page.getByLabel('Unit price of line 1').fill('120,00');
  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('Description of line 2').fill('Fitting');
  await page.getByLabel('Unit price of line 2').fill('30');
  await page.getByRole('button', { name: 'Send to the customer for approval' }).click();
  await expect(page.getByText('Waiting for the customer', { exact: true })).toBeVisible();
  await expect(page.getByTestId('total-gross')).toHaveText(/^183,00\s€$/);
  await expect(page.getByTestId('preauthorised')).toHaveText(
    /^This estimate \(183,00\s€\) is over the 80,00\s€ the customer pre-authorised at intake: call them and record their answer\.$/,
  );
  await page.getByRole('button', { name: 'Customer approved' }).click();
  await expect(page.getByText(/^Approved by phone on/)).toBeVisible();
  await moveTo(page, 'In repair');
  await moveTo(page, 'Repaired');
  await moveTo(page, 'Ready for pickup', 'Customer called');

  // Hand-over: the approved lines, deposit deducted, paid part cash and part card.
  await page.getByRole('button', { name: 'Move to: Handed over' }).click();
  const handOver = page.getByRole('dialog', { name: 'Hand over the device' });
  await expect(handOver.getByTestId('amount-due')).toHaveText(/^163,00\s€$/);
  await handOver.getByLabel('Cash').fill('100');
  await handOver.getByLabel('Card').fill('63,00');
  await handOver.getByRole('button', { name: 'Hand over and print the warranty slip' }).click();
  await expect(page.getByRole('dialog', { name: 'Warranty slip' })).toBeVisible();
  const slip = await printedPdf(page);
  expect(slip.text).toContain(orderNumber);
  await page.keyboard.press('Escape');
  await expect(
    page.locator('main').getByText('Handed over', { exact: true }).first(),
  ).toBeVisible();
  await expect(page.getByText('Opened to print: Warranty slip (80 mm roll)')).toBeVisible();

  // Weeks later the screen flickers: the same device comes back under our warranty.
  await openDesk(page, '/intake/new');
  await page.keyboard.type(phoneTail.slice(-4));
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.getByRole('group', { name: 'Known devices' }).getByRole('button').first().click();
  const known = page.getByRole('group', { name: 'Device in our records' });
  await expect(known).toContainText(orderNumber);
  await known.getByLabel(/Display assembly \(covered until/).check();
  await page.getByLabel('Complaint').fill('The new display flickers');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('warranty-return')).toBeVisible();
  await page.getByRole('link', { name: 'Original order' }).click();
  await expect(page.getByRole('heading', { name: orderNumber })).toBeVisible();

  const returns = await callDesk<{ items: { id: string; number: string }[] }>(
    request,
    'listOrders',
    { search: phoneTail.slice(-4) },
  );
  const second = await callDesk<Order>(request, 'getOrder', {
    id: returns.items.find((o) => o.number !== orderNumber)!.id,
  });
  expect(second.warrantyParentOrderId).toBe(first.id);
  expect(second.warrantyBasis).toBe('our_repair');

  // The redone repair is free: nothing to pay at the second hand-over.
  for (const to of ['diagnosed', 'in_repair', 'repaired', 'ready_for_pickup'])
    await callDesk(request, 'changeStatus', {
      orderId: second.id,
      to,
      expectedStatus: (await callDesk<Order>(request, 'getOrder', { id: second.id })).status,
    });
  await openDesk(page, `/orders/${second.id}`);
  await page.getByRole('button', { name: 'Move to: Handed over' }).click();
  const free = page.getByRole('dialog', { name: 'Hand over the device' });
  await free.getByRole('button', { name: 'Add a line' }).click();
  await free.getByLabel('Description of line 1').fill('Display assembly');
  await free.getByLabel('Unit price of line 1').fill('120');
  await free.getByLabel('Line 1 is the covered repair redone').check();
  await expect(free.getByTestId('amount-due')).toHaveText(/^0,00\s€$/);
  await free.getByRole('button', { name: 'Hand over and print the warranty slip' }).click();
  await expect(page.getByRole('dialog', { name: 'Warranty slip' })).toBeVisible();
});
