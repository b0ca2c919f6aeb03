import { expect, test, type Page } from '@playwright/test';
import { minimalPdf } from '../support/files';
import { validImei } from './counter-fixtures';
import { callDesk, e2eToken, openDesk } from './desk-page';

/**
 * The desk app's preload, stood in for in the page: contract calls go to the browser-mode host
 * (keeping the session, as main does), `listPrinters` lists two printers, `printDocument`
 * records what the renderer asked and notes an order's print as main does, and `openAttachment`
 * records which document the renderer asked main to show. What main does with
 * the request is tested in tests/electron; this checks the renderer's side of the bridge.
 */
function standInPreload(token: string) {
  const w = window as unknown as Record<string, unknown>;
  const requests: unknown[] = [];
  w.__printRequests = requests;
  let session = '';
  const call = async (method: string, input: unknown) => {
    const response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sportello-token': token,
        'x-sportello-session': session,
      },
      body: JSON.stringify(input ?? {}),
    });
    const result = (await response.json()) as { ok: boolean; value?: { token?: string } };
    if (method === 'signOut') session = '';
    if (result.ok && (method === 'signIn' || method === 'setUpHeadOffice')) {
      const { token: opened, ...reply } = result.value ?? {};
      session = opened ?? '';
      return { ok: true, value: reply };
    }
    return result;
  };
  const slotOf = (format: string) =>
    format === '80mm' ? 'receipt' : format === 'a4' ? 'a4' : 'label';
  w.sportello = new Proxy(
    {},
    {
      get: (_target, name) => {
        if (name === 'listPrinters')
          return async () => ({
            ok: true,
            value: [
              { name: 'EPSON_TM_T20III', displayName: 'EPSON TM-T20III' },
              { name: 'Brother_QL_820NWB', displayName: 'Brother QL-820NWB' },
            ],
          });
        if (name === 'openAttachment')
          return async (request: unknown) => {
            requests.push({ openAttachment: request });
            return { ok: true, value: null };
          };
        if (name === 'printDocument')
          return async (request: Record<string, string>) => {
            requests.push(request);
            const settings = (await call('getPrinterSettings', {})) as {
              value: Record<string, { printer: string | null }>;
            };
            const printer = settings.value[slotOf(request.format!)]!.printer;
            if (request.kind === 'order')
              await call('recordPrint', {
                orderId: request.orderId,
                document: request.document,
                format: request.format,
                language: request.lang,
              });
            return { ok: true, value: { printer, silent: printer !== null } };
          };
        return typeof name === 'string' ? (input: unknown) => call(name, input) : undefined;
      },
    },
  );
}

const printRequests = (page: Page) =>
  page.evaluate(() => (window as unknown as { __printRequests: unknown[] }).__printRequests);

test.afterAll(async ({ request }) => {
  await callDesk(request, 'updatePrinterSettings', {
    receipt: { printer: null, paper: '80mm' },
    label: { printer: null, paper: 'label_62x29' },
    a4: { printer: null },
  });
});

test('in the desk app the printers are chosen from the system list, and prints go to main, not a viewer', async ({
  page,
  request,
}) => {
  await page.addInitScript(standInPreload, e2eToken);
  await openDesk(page, '/settings/printers');
  await expect(page.getByText(/each document opens as a PDF/)).toHaveCount(0);

  // The receipt printer, chosen by keyboard from the printers main listed.
  const receipts = page.getByRole('group', { name: 'Receipts (80 mm roll)' });
  const printer = receipts.getByRole('combobox', { name: 'Printer' });
  await expect(printer).toHaveValue('Ask each time (print dialog)');
  await printer.focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: 'EPSON TM-T20III' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  const saved = await callDesk<{ receipt: { printer: string | null } }>(
    request,
    'getPrinterSettings',
    {},
  );
  expect(saved.receipt.printer).toBe('EPSON_TM_T20III');

  await receipts.getByRole('button', { name: 'Print test page' }).click();
  await expect(page.getByText('Sent to EPSON_TM_T20III.')).toBeVisible();
  expect(await printRequests(page)).toEqual([{ kind: 'test', format: '80mm', lang: 'en' }]);

  // A reprint from the order goes to main too: no PDF viewer, the print is in the history.
  const order = await callDesk<{ id: string }>(request, 'createIntake', {
    customer: {
      mode: 'new',
      name: 'Irene Galli',
      phone: '+39 347 555 0163',
      consent: { privacyVersion: '2026.1', termsVersion: '2026.1' },
    },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: 'iPhone 15',
      imei: validImei(),
    },
    complaint: 'Vetro posteriore rotto',
  });
  await page.goto(`/#/orders/${order.id}`);
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.getByRole('button', { name: 'Intake receipt · 80 mm roll' }).click();
  await expect(page.getByText('Sent to EPSON_TM_T20III.').first()).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Intake receipt' })).toHaveCount(0);
  expect((await printRequests(page)).at(-1)).toEqual({
    kind: 'order',
    orderId: order.id,
    document: 'intake_receipt',
    format: '80mm',
    lang: 'en',
  });
  await expect(page.getByRole('button', { name: 'Reprint' })).toBeVisible();
});

test('in the desk app an order’s PDF document opens through main, not in the page', async ({
  page,
  request,
}) => {
  await page.addInitScript(standInPreload, e2eToken);
  const order = await callDesk<{ id: string }>(request, 'createIntake', {
    customer: { mode: 'new', name: 'Paola Ferri', phone: '+39 347 555 0102' },
    device: { mode: 'new', category: 'phone', brand: 'Apple', model: 'iPhone 14' },
    complaint: 'Batteria in garanzia',
  });
  const document = await callDesk<{ id: string }>(request, 'addAttachment', {
    orderId: order.id,
    name: 'scontrino.pdf',
    dataBase64: minimalPdf.toString('base64'),
  });
  await openDesk(page, `/orders/${order.id}`);
  await page.getByRole('tab', { name: 'Photos and files' }).click();
  await page.getByRole('button', { name: 'Open: scontrino.pdf' }).click();
  await expect.poll(() => printRequests(page)).toEqual([{ openAttachment: { id: document.id } }]);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('iframe')).toHaveCount(0);
});
