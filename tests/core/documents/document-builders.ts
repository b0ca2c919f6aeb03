import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { CreateIntakeInput, OrderDetail } from '../../../core/contract/orders';
import {
  customers,
  orderEvents,
  orderLines,
  repairOrders,
  sites,
  warrantySlips,
} from '../../../core/db/schema';
import type { LineKind } from '../../../core/db/schema/orders';
import type { OrderStatus } from '../../../core/orders/workflow';
import type { Desk } from '../../../core/runtime/desk';
import { expectOk, intakeInput, testDesk, tempDir } from '../../support/desk';

/** 26 November 2026, 09:30 UTC: 10:30 in Milan, 12:30 in Moscow. */
export const intakeInstant = Date.UTC(2026, 10, 26, 9, 30);
export const validImei = '490154203237518';

/** A desk whose clock stands still at the intake instant unless moved. */
export function documentDesk(): Desk & { clock: { now: number } } {
  const clock = { now: intakeInstant };
  const desk = testDesk({ now: () => clock.now });
  return Object.assign(desk, { clock });
}

/** The receptionist fills in every field a receipt prints. */
export function fullIntake(overrides: Partial<CreateIntakeInput> = {}): CreateIntakeInput {
  return intakeInput({
    customer: {
      mode: 'new',
      name: 'Giulia Bianchi',
      phone: '+39 347 555 0199',
      email: 'giulia.bianchi@example.it',
    },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: 'iPhone 14',
      serial: 'F2LXK1ABC',
      imei: validImei,
    },
    complaint: 'Lo schermo non si accende dopo una caduta; la batteria si scarica in fretta',
    condition: ['scratches', 'cracks'],
    conditionNotes: 'Angolo in basso a destra ammaccato',
    accessories: ['charger', 'case'],
    accessoriesNotes: 'Cover rossa con porta-carte',
    warrantyBasis: 'paid',
    preauthorisedAmount: 15_000,
    diagnosisFee: 2_500,
    deposit: 5_000,
    itemValue: 45_000,
    promisedOn: '2026-12-04',
    ...overrides,
  });
}

export async function takeIn(desk: Desk, input: CreateIntakeInput = fullIntake()) {
  return (await expectOk(desk.call('createIntake', input))) as OrderDetail;
}

export function recordPrivacyConsent(desk: Desk, customerId: string, version: string, at: number) {
  desk.db
    .update(customers)
    .set({ privacyConsentVersion: version, privacyConsentAt: at })
    .where(eq(customers.id, customerId))
    .run();
}

/** Turns the desk's site into a Moscow service point of a Russian company. */
export function siteInRussia(desk: Desk) {
  desk.db
    .update(sites)
    .set({
      name: 'Сервис Плюс на Тверской',
      country: 'RU',
      currency: 'RUB',
      locale: 'ru-RU',
      timezone: 'Europe/Moscow',
      legal: {
        legalName: 'ООО «Сервис Плюс»',
        address: 'г. Москва, ул. Тверская, д. 7',
        taxCode: '7701234567',
        registrationNumber: '1027700132195',
        phone: '+7 495 123-45-67',
      },
    })
    .where(eq(sites.id, desk.site.id))
    .run();
}

export interface SlipLine {
  kind: LineKind;
  description: string;
  quantityMilli?: number;
  unitPrice: number;
  warrantyMonths: number;
}

/**
 * The counter's hand-over, written as rows (the counter's own handlers land separately):
 * status history through the repair, the final lines and the warranty slip.
 */
export function handOverWithSlip(
  desk: Desk,
  order: OrderDetail,
  handover: {
    repairedAt: number;
    handedOverAt: number;
    handedOverOn: string;
    lines: SlipLine[];
    termsVersion: string;
  },
) {
  const origin = { originSiteId: desk.site.id, createdAt: handover.handedOverAt };
  const event = (toStatus: OrderStatus, at: number, fromStatus: OrderStatus) => ({
    id: uuidv7(),
    originSiteId: desk.site.id,
    createdAt: at,
    orderId: order.id,
    kind: 'status' as const,
    fromStatus,
    toStatus,
    userId: desk.defaultActor.userId,
    siteId: desk.site.id,
    clientAt: at,
  });
  desk.db
    .insert(orderEvents)
    .values([
      event('repaired', handover.repairedAt, 'in_repair'),
      event('ready_for_pickup', handover.repairedAt + 60_000, 'repaired'),
      event('handed_over', handover.handedOverAt, 'ready_for_pickup'),
    ])
    .run();
  const rows = handover.lines.map((line) => ({
    ...origin,
    updatedAt: handover.handedOverAt,
    id: uuidv7(),
    orderId: order.id,
    kind: line.kind,
    description: line.description,
    quantityMilli: line.quantityMilli ?? 1000,
    unitPrice: line.unitPrice,
    vatRateBp: 2200,
    warrantyMonths: line.warrantyMonths,
  }));
  desk.db.insert(orderLines).values(rows).run();
  const coverage = rows
    .filter((row) => row.warrantyMonths > 0)
    .map((row) => ({
      lineId: row.id,
      description: row.description,
      months: row.warrantyMonths,
      endsOn: addMonths(handover.handedOverOn, row.warrantyMonths),
    }));
  desk.db
    .insert(warrantySlips)
    .values({
      ...origin,
      id: uuidv7(),
      orderId: order.id,
      deviceId: order.deviceId,
      startsOn: handover.handedOverOn,
      endsOn:
        coverage
          .map((c) => c.endsOn)
          .sort()
          .at(-1) ?? handover.handedOverOn,
      coverage,
      termsVersion: handover.termsVersion,
    })
    .run();
  desk.db
    .update(repairOrders)
    .set({ status: 'handed_over', closedAt: handover.handedOverAt })
    .where(eq(repairOrders.id, order.id))
    .run();
}

/** Calendar months after an ISO date (the test's own arithmetic, for expectations). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1 + months, d!));
  return date.toISOString().slice(0, 10);
}

/**
 * The PDF's text in the order it was drawn (`pdftotext -raw`), every kind of space made a plain
 * one and line breaks collapsed: a sentence wrapped in a table cell reads as one sentence.
 */
export function pdfText(pdf: Buffer): string {
  const dir = tempDir('sportello-pdf-');
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
      .replace(/[\u00a0\u202f]/g, ' ')
      .replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfPage {
  widthMm: number;
  heightMm: number;
  pages: number;
}

export function pdfPageInfo(pdf: Buffer): PdfPage {
  const dir = tempDir('sportello-pdf-');
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    const pages = /Pages:\s+(\d+)/.exec(info);
    const toMm = (pt: string) => Math.round(((Number(pt) * 25.4) / 72) * 10) / 10;
    return { widthMm: toMm(size![1]!), heightMm: toMm(size![2]!), pages: Number(pages![1]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first page in grey levels (0 black … 255 white) at `dpi`, as `pdftoppm` draws it. */
export function pdfGreyPixels(
  pdf: Buffer,
  dpi: number,
): { width: number; height: number; at(xMm: number, yMm: number): number } {
  const dir = tempDir('sportello-pdf-');
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-gray',
      '-singlefile',
      file,
      path.join(dir, 'page'),
    ]);
    // Binary PGM: "P5", width, height, max value, one byte per pixel.
    const pgm = fs.readFileSync(path.join(dir, 'page.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = pgm.subarray(header[0].length);
    const px = (mmValue: number) => Math.round((mmValue * dpi) / 25.4);
    return {
      width,
      height,
      at: (xMm, yMm) =>
        pixels[Math.min(height - 1, px(yMm)) * width + Math.min(width - 1, px(xMm))]!,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** With SPORTELLO_DOCUMENT_SAMPLES=DIR set, rendered PDFs are kept there to be looked at. */
export function keepSample(name: string, pdf: Buffer) {
  const dir = process.env.SPORTELLO_DOCUMENT_SAMPLES;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.pdf`), pdf);
}

/** A new intake on `desk` and its receipt as the desk's `renderDocument` gives it (browser mode). */
export async function newIntakeReceipt(
  desk: Desk,
  format: '80mm' | 'a4',
  lang: 'en' | 'it' | 'ru',
) {
  const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
  const rendered = (await expectOk(
    desk.call('renderDocument', { orderId: order.id, document: 'intake_receipt', format, lang }),
  )) as { fileName: string; pdfBase64: string };
  return { order, fileName: rendered.fileName, pdf: Buffer.from(rendered.pdfBase64, 'base64') };
}
