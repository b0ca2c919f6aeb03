import { describe, expect, it, vi } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import { pdfPageSize, printOptionsFor } from '../../electron/main/print-options';
import { printForWindow, type PrintDevices } from '../../electron/main/printing';
import type { DeskPrintOptions } from '../../electron/main/print-options';
import { expectOk } from '../support/desk';
import { windowDesk } from './window-desk';

vi.mock('electron', () => import('./fake-electron'));

/** A printer stand-in: records each job and answers as told. */
function fakeDevices(answer: { success: boolean; reason: string } = { success: true, reason: '' }) {
  const jobs: { pdf: Buffer; options: DeskPrintOptions }[] = [];
  const devices: PrintDevices = {
    listPrinters: async () => [],
    printPdf: async (pdf, options) => {
      jobs.push({ pdf, options });
      return answer;
    },
  };
  return { jobs, devices };
}

const shellDesk = windowDesk('sportello-printing-');
const { as } = shellDesk;

async function printsOf(orderId: string) {
  const detail = (await expectOk(
    shellDesk.desk.callWithSession(shellDesk.token, 'getOrder', { id: orderId }),
  )) as OrderDetail;
  return detail.events.filter((e) => e.kind === 'print');
}

async function choosePrinters(receipt: string | null, label: string | null, a4: string | null) {
  await expectOk(
    shellDesk.desk.callWithSession(shellDesk.token, 'updatePrinterSettings', {
      receipt: { printer: receipt, paper: '80mm' },
      label: { printer: label, paper: 'label_62x29' },
      a4: { printer: a4 },
    }),
  );
}

describe('printing an order’s document from the desk app (main process)', () => {
  it('sends the receipt silently to the receipt printer on an 80 mm page, and notes it', async () => {
    await choosePrinters('EPSON_TM_T20III', null, null);
    const { jobs, devices } = fakeDevices();
    const before = (await printsOf(shellDesk.order.id)).length;
    const result = await printForWindow(as, devices, 1, {
      kind: 'order',
      orderId: shellDesk.order.id,
      document: 'intake_receipt',
      format: '80mm',
      lang: 'it',
      copies: 2,
    });
    expect(result).toEqual({ ok: true, value: { printer: 'EPSON_TM_T20III', silent: true } });
    expect(jobs).toHaveLength(1);
    const { options, pdf } = jobs[0]!;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(options).toMatchObject({
      silent: true,
      deviceName: 'EPSON_TM_T20III',
      landscape: false,
      margins: { marginType: 'none' },
      printBackground: true,
      copies: 2,
    });
    // Never the driver's A4: 80 mm wide, as long as the receipt.
    expect(options.pageSize.width).toBe(80_000);
    expect(options.pageSize.height).toBeGreaterThan(100_000);
    expect(options.pageSize.height).not.toBe(297_000);
    const prints = await printsOf(shellDesk.order.id);
    expect(prints).toHaveLength(before + 1);
    expect(prints.at(-1)?.data).toMatchObject({
      document: 'intake_receipt',
      format: '80mm',
      language: 'it',
      copies: 2,
    });
  });

  it('sends a label in landscape on its own size, to the system dialog when no label printer is chosen', async () => {
    await choosePrinters('EPSON_TM_T20III', null, null);
    const { jobs, devices } = fakeDevices();
    const result = await printForWindow(as, devices, 1, {
      kind: 'order',
      orderId: shellDesk.order.id,
      document: 'device_label',
      format: 'label_62x29',
      lang: 'en',
    });
    expect(result).toEqual({ ok: true, value: { printer: null, silent: false } });
    expect(jobs[0]!.options).toEqual({
      silent: false,
      pageSize: { width: 29_000, height: 62_000 },
      landscape: true,
      margins: { marginType: 'none' },
      printBackground: true,
      copies: 1,
    });
    expect('deviceName' in jobs[0]!.options).toBe(false);
  });

  it('prints A4 on A4 with the office printer, and 40 × 20 labels on the label printer', async () => {
    await choosePrinters(null, 'Brother_QL_820NWB', 'HP_LaserJet');
    const { jobs, devices } = fakeDevices();
    await printForWindow(as, devices, 1, {
      kind: 'order',
      orderId: shellDesk.order.id,
      document: 'intake_receipt',
      format: 'a4',
      lang: 'en',
    });
    await printForWindow(as, devices, 1, {
      kind: 'order',
      orderId: shellDesk.order.id,
      document: 'device_label',
      format: 'label_40x20',
      lang: 'en',
    });
    expect(
      jobs.map((j) => [j.options.deviceName, j.options.pageSize, j.options.landscape]),
    ).toEqual([
      ['HP_LaserJet', { width: 210_000, height: 297_000 }, false],
      ['Brother_QL_820NWB', { width: 20_000, height: 40_000 }, true],
    ]);
  });

  it('a printer that fails, or a cancelled dialog, leaves no print in the history', async () => {
    await choosePrinters('EPSON_TM_T20III', null, null);
    const before = (await printsOf(shellDesk.order.id)).length;
    const request = {
      kind: 'order',
      orderId: shellDesk.order.id,
      document: 'intake_receipt',
      format: '80mm',
      lang: 'en',
    };
    const failed = await printForWindow(
      as,
      fakeDevices({ success: false, reason: 'Print job failed' }).devices,
      1,
      request,
    );
    expect(failed).toEqual({
      ok: false,
      error: { code: 'print_failed', params: { reason: 'Print job failed' } },
    });
    const cancelled = await printForWindow(
      as,
      fakeDevices({ success: false, reason: 'Print job canceled' }).devices,
      1,
      request,
    );
    expect(cancelled).toEqual({ ok: false, error: { code: 'print_cancelled' } });
    expect(await printsOf(shellDesk.order.id)).toHaveLength(before);
  });

  it('refuses what is not a print request, a wrong paper, and a caller without a session', async () => {
    const { jobs, devices } = fakeDevices();
    for (const bad of [
      { kind: 'pdf', pdfBase64: 'JVBERi0=' },
      {
        kind: 'order',
        orderId: shellDesk.order.id,
        document: 'intake_receipt',
        format: 'a3',
        lang: 'en',
      },
      { kind: 'test', format: '80mm', lang: 'de' },
      {
        kind: 'order',
        orderId: shellDesk.order.id,
        document: 'intake_receipt',
        format: '80mm',
        lang: 'en',
        copies: 99,
      },
    ]) {
      expect(await printForWindow(as, devices, 1, bad)).toMatchObject({
        ok: false,
        error: { code: 'validation' },
      });
    }
    const labelOnRoll = await printForWindow(as, devices, 1, {
      kind: 'order',
      orderId: shellDesk.order.id,
      document: 'device_label',
      format: '80mm',
      lang: 'en',
    });
    expect(labelOnRoll).toMatchObject({ ok: false, error: { code: 'validation' } });
    const anonymous = (_id: number, method: string, input: unknown) =>
      shellDesk.desk.callWithSession(undefined, method, input);
    expect(
      await printForWindow(anonymous, devices, 1, { kind: 'test', format: 'a4', lang: 'en' }),
    ).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(jobs).toHaveLength(0);
  });

  it('prints a test page on the paper asked, and notes nothing in any order', async () => {
    await choosePrinters(null, 'Brother_QL_820NWB', null);
    const before = (await printsOf(shellDesk.order.id)).length;
    const { jobs, devices } = fakeDevices();
    const result = await printForWindow(as, devices, 1, {
      kind: 'test',
      format: 'label_62x29',
      lang: 'ru',
    });
    expect(result).toEqual({ ok: true, value: { printer: 'Brother_QL_820NWB', silent: true } });
    expect(jobs[0]!.options.pageSize).toEqual({ width: 29_000, height: 62_000 });
    expect(await printsOf(shellDesk.order.id)).toHaveLength(before);
  });
});

describe('print options', () => {
  it('read the page size from the PDF’s MediaBox, and refuse bytes without one', () => {
    const pdf = Buffer.from('%PDF-1.3\n3 0 obj\n<< /Type /Page /MediaBox [0 0 226.77 651.2] >>');
    expect(pdfPageSize(pdf)).toEqual({ width: 226.77, height: 651.2 });
    expect(pdfPageSize(Buffer.from('not a pdf'))).toBeUndefined();
  });

  it('keep a short receipt portrait on the roll, and never go under Chromium’s smallest side', () => {
    const short = printOptionsFor({
      format: '80mm',
      printer: null,
      page: { width: 226.77, height: 100 },
      copies: 1,
    });
    expect(short).toMatchObject({ pageSize: { width: 80_000, height: 80_000 }, landscape: false });
    const tiny = printOptionsFor({
      format: 'label_40x20',
      printer: 'x',
      page: { width: 0.5, height: 0.1 },
      copies: 1,
    });
    expect(tiny.pageSize).toEqual({ width: 353, height: 353 });
  });
});
