import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { addWorkshopSite } from './desk-data';
import { callDesk, openDesk } from './desk-page';

/** With SPORTELLO_SCREENSHOT_DIR set, the screens are kept there to be looked at. */
function shot(name: string): string | undefined {
  const dir = process.env.SPORTELLO_SCREENSHOT_DIR;
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

interface Order {
  id: string;
  status: string;
  events: { fromStatus: string | null; toStatus: string | null; reason: string | null }[];
}

test('a customer who withdraws while the device is at the workshop gets it back, billed the diagnosis only', async ({
  page,
  request,
}) => {
  const workshop = addWorkshopSite(e2ePort, 'LAB8', 'Laboratorio Bovisa');
  const order = await callDesk<Order>(request, 'createIntake', {
    customer: { mode: 'new', name: 'Elena Ferri', phone: '+39 347 555 0142' },
    device: { mode: 'new', category: 'phone', brand: 'Samsung', model: 'Galaxy S23' },
    complaint: 'Non si accende',
    diagnosisFee: 2500,
  });
  await callDesk(request, 'sendToWorkshop', { orderId: order.id, workshopSiteId: workshop });
  await callDesk(request, 'changeStatus', {
    orderId: order.id,
    to: 'at_workshop',
    expectedStatus: 'in_transit_to_workshop',
  });

  await openDesk(page, `/orders/${order.id}`);
  const actions = page.getByRole('group', { name: 'Next steps' });
  // No cancel once the device has left: the withdrawal returns it instead. The workshop's work is
  // its own: the counter is not offered the diagnosis, and is told who does it.
  await expect(actions.getByRole('button', { name: 'Move to: Cancelled' })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Move to: Diagnosed' })).toHaveCount(0);
  await expect(
    page.getByText(
      'The device is at LAB8 · Laboratorio Bovisa: only that site works on it (diagnosis, estimate, repair), sends it on, takes it in or hands it over.',
    ),
  ).toBeVisible();
  const withdraw = actions.getByRole('button', { name: 'Customer withdrew — return device' });
  await expect(withdraw).toBeVisible();
  await page.screenshot({ path: shot('withdraw-action-en'), fullPage: true });

  // Keyboard only: focus the action, open it, confirm without the customer's words.
  await withdraw.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Customer withdrew — return device' });
  await expect(dialog).toBeVisible();
  const reason = dialog.getByLabel('What the customer said');
  await expect(reason).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(dialog.getByText('Required.')).toBeVisible();
  await page.screenshot({ path: shot('withdraw-dialog-en') });
  await page.keyboard.type('Phoned: buying a new one, will collect it');
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toBeHidden();

  const back = await callDesk<Order>(request, 'getOrder', { id: order.id });
  expect(back.status).toBe('ready_for_pickup');
  expect(back.events.at(-1)).toMatchObject({
    fromStatus: 'at_workshop',
    toStatus: 'ready_for_pickup',
    reason: 'Phoned: buying a new one, will collect it',
  });

  // Handed over as usual: the diagnosis fee agreed at intake (25,00 €, VAT included, as the
  // receipt printed it), no warranty slip.
  await page.getByRole('button', { name: 'Move to: Handed over' }).click();
  const handOver = page.getByRole('dialog', { name: 'Hand over the device' });
  await expect(handOver.getByText('The device comes back without its repair done')).toBeVisible();
  await expect(handOver.getByLabel('Description of line 1')).toHaveValue('Diagnosis');
  await expect(handOver.getByTestId('amount-due')).toHaveText(/^25,00\s€$/);
  await page.screenshot({ path: shot('withdraw-handover-en'), fullPage: true });
  await handOver.getByLabel('Cash').fill('25,00');
  await handOver.getByRole('button', { name: 'Hand over', exact: true }).click();
  await expect(handOver).toBeHidden();
  const closed = await callDesk<Order>(request, 'getOrder', { id: order.id });
  expect(closed.status).toBe('handed_over');
  const record = await callDesk<{ slip: unknown }>(request, 'getHandOver', { orderId: order.id });
  expect(record.slip).toBeNull();
});
