import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { callDesk } from './desk-page';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small red PNG made on the spot, enough for the desk to recognise a photo by its bytes. */
export function pngPhoto(name = 'front.png') {
  const size = 8;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([220, 40, 40]))]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { name, mimeType: 'image/png', buffer };
}

export const randomDigits = (n: number) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/** A valid IMEI: fourteen random digits and their Luhn check digit. */
export function validImei(): string {
  const body = `35${randomDigits(12)}`;
  const sum = [...body].reverse().reduce((acc, ch, i) => {
    const d = Number(ch) * (i % 2 === 0 ? 2 : 1);
    return acc + (d > 9 ? d - 9 : d);
  }, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** The PDF open in the print viewer, saved with its Download link as a person would; and its text. */
export async function printedPdf(page: Page): Promise<{ bytes: Buffer; text: string }> {
  const link = page.getByTestId('pdf-download');
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  return { bytes, text };
}

/** Moves the order on with the workflow button and an optional reason. */
export async function moveTo(page: Page, status: string, reason = '') {
  await page.getByRole('button', { name: `Move to: ${status}` }).click();
  const dialog = page.getByRole('dialog');
  if (reason) await dialog.getByLabel('Reason (optional)').fill(reason);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('main').getByText(status, { exact: true }).first()).toBeVisible();
}

interface OrderRef {
  id: string;
  number: string;
  status: string;
}

async function call<T>(request: APIRequestContext, method: string, input: unknown) {
  return callDesk<T>(request, method, input);
}

/** An order taken in, priced, approved by phone and repaired: ready for the customer. */
export async function readyOrder(
  request: APIRequestContext,
  customer = { name: 'Giulia Bianchi', phone: '+39 347 555 0199' },
): Promise<OrderRef> {
  const order = await call<OrderRef>(request, 'createIntake', {
    customer: {
      mode: 'new',
      ...customer,
      consent: { privacyVersion: '2026.1', termsVersion: '2026.1' },
    },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: 'iPhone 14',
      imei: validImei(),
    },
    complaint: 'Lo schermo non si accende dopo una caduta',
    condition: ['scratches', 'cracked_screen'],
    accessories: ['case'],
    deposit: 2000,
  });
  await call(request, 'changeStatus', {
    orderId: order.id,
    to: 'diagnosed',
    expectedStatus: 'received',
    reason: 'Display broken, battery fine',
  });
  const estimate = await call<{ id: string }>(request, 'saveEstimate', {
    orderId: order.id,
    lines: [
      {
        kind: 'part',
        description: 'Display assembly',
        quantityMilli: 1000,
        unitPrice: 12000,
        vatRateBp: 2200,
        warrantyMonths: 12,
      },
      {
        kind: 'labour',
        description: 'Fitting',
        quantityMilli: 1000,
        unitPrice: 3000,
        vatRateBp: 2200,
        warrantyMonths: 3,
      },
    ],
  });
  await call(request, 'recordApproval', {
    estimateId: estimate.id,
    decision: 'approved',
    via: 'phone',
    at: Date.now() - 1000,
  });
  for (const [from, to] of [
    ['approved', 'in_repair'],
    ['in_repair', 'repaired'],
    ['repaired', 'ready_for_pickup'],
  ] as const)
    await call(request, 'changeStatus', { orderId: order.id, to, expectedStatus: from });
  return { ...order, status: 'ready_for_pickup' };
}

/** Where a viewer's frame ended up: its PDF's object URL, or Chromium's error page. */
export async function shownFrameUrl(page: Page, testId: string): Promise<string | undefined> {
  const frame = await (await page.getByTestId(testId).elementHandle())?.contentFrame();
  return frame?.url();
}
