import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  PrintRequest,
  printerSlotFor,
  type PrinterChoice,
  type PrinterSettings,
  type PrintOutcome,
} from '../../core/contract/documents';
import { issuesFromZod, type Result } from '../../core/contract/errors';
import { shellChannelFor } from '../ipc-channels';
import type { WindowSessionCalls } from './ipc';
import { pdfPageSize, printOptionsFor, type DeskPrintOptions } from './print-options';

/** What printing needs from Electron, passed in so the decisions can be tested without it. */
export interface PrintDevices {
  /** The printers of the system, as the window's webContents lists them. */
  listPrinters(contentsId: number): Promise<PrinterChoice[]>;
  /** Prints a PDF with these options; resolves with Electron's verdict. */
  printPdf(pdf: Buffer, options: DeskPrintOptions): Promise<{ success: boolean; reason: string }>;
}

type CallFrom = (contentsId: number, method: string, input: unknown) => Promise<Result<unknown>>;

/**
 * `printDocument` as main runs it: the renderer only names what to print. The PDF is rendered
 * by the desk as the window's person (their roles apply), sent to this PC's printer for that
 * paper (silently) or to the system dialog (no printer chosen), and an order's print is noted
 * in its history once the printer took it. The PDF never comes from the page.
 */
export async function printForWindow(
  call: CallFrom,
  devices: PrintDevices,
  contentsId: number,
  raw: unknown,
): Promise<Result<PrintOutcome>> {
  const parsed = PrintRequest.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation', issues: issuesFromZod(parsed.error) } };
  }
  const request = parsed.data;
  const settings = await call(contentsId, 'getPrinterSettings', {});
  if (!settings.ok) return settings;
  const printer = (settings.value as PrinterSettings)[printerSlotFor(request.format)].printer;
  const rendered =
    request.kind === 'order'
      ? await call(contentsId, 'renderDocument', {
          orderId: request.orderId,
          document: request.document,
          format: request.format,
          lang: request.lang,
        })
      : await call(contentsId, 'renderTestPage', {
          format: request.format,
          lang: request.lang,
          ...(printer ? { printer } : {}),
        });
  if (!rendered.ok) return rendered;
  const pdf = Buffer.from((rendered.value as { pdfBase64: string }).pdfBase64, 'base64');
  const page = pdfPageSize(pdf);
  if (!page) return { ok: false, error: { code: 'print_failed', params: { reason: 'no_page' } } };
  const copies = request.kind === 'order' ? request.copies : 1;
  const options = printOptionsFor({ format: request.format, printer, page, copies });
  const printed = await devices.printPdf(pdf, options);
  if (!printed.success) {
    const cancelled = /cancel/i.test(printed.reason);
    return {
      ok: false,
      error: cancelled
        ? { code: 'print_cancelled' }
        : { code: 'print_failed', params: { reason: printed.reason.slice(0, 200) } },
    };
  }
  if (request.kind === 'order') {
    const noted = await call(contentsId, 'recordPrint', {
      orderId: request.orderId,
      document: request.document,
      format: request.format,
      language: request.lang,
      copies,
    });
    if (!noted.ok) return noted;
  }
  return { ok: true, value: { printer, silent: options.silent } };
}

/** Binds the shell's printing channels; the sender is checked as for every contract call. */
export function bindPrinting(
  calls: WindowSessionCalls,
  devices: PrintDevices,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  const untrusted: Result<never> = {
    ok: false,
    error: { code: 'forbidden', params: { reason: 'untrusted_sender' } },
  };
  ipcMain.handle(shellChannelFor('listPrinters'), async (event) => {
    if (!isTrusted(event)) return untrusted;
    const session = await calls.call(event.sender.id, 'getPrinterSettings', {});
    if (!session.ok) return session;
    return { ok: true, value: await devices.listPrinters(event.sender.id) };
  });
  ipcMain.handle(shellChannelFor('printDocument'), (event, input: unknown) => {
    if (!isTrusted(event)) return untrusted;
    return printForWindow(calls.call, devices, event.sender.id, input);
  });
}

/**
 * A sandboxed window of its own for Chromium's PDF viewer, under the desk's window: it shows a
 * PDF to print, or an order's PDF document. The global guard (`security.ts`) applies to it as to
 * every window: a link in the PDF cannot navigate it, nor open a program. One constructor with
 * its options written out, so electronegativity reads them.
 */
export function newPdfWindow(
  parent: BrowserWindow | undefined,
  show: boolean,
  title = 'Sportello',
): BrowserWindow {
  return new BrowserWindow({
    show,
    width: 720,
    height: 900,
    title,
    ...(parent && !parent.isDestroyed() ? { parent } : {}),
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      // Chromium's PDF viewer is a plugin: without this the window shows nothing.
      plugins: true,
      spellcheck: false,
    },
  });
}

/** How long the PDF viewer gets to lay out the pages after the load before printing. */
const settleMs = 300;

/**
 * The real devices: printers from the main window's webContents, and each PDF printed from a
 * sandboxed window that shows it in Chromium's PDF viewer (the one place Chromium prints a PDF
 * from): hidden when printing silently, shown under the system dialog otherwise. The PDF sits
 * in a private temporary folder only while it prints.
 */
export function electronPrintDevices(window: () => BrowserWindow | undefined): PrintDevices {
  return {
    async listPrinters() {
      const contents = window()?.webContents;
      if (!contents) return [];
      const printers = await contents.getPrintersAsync();
      return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name }));
    },
    async printPdf(pdf, options) {
      const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sportello-print-'));
      const file = path.join(folder, 'document.pdf');
      await fs.writeFile(file, pdf, { mode: 0o600 });
      // Silent: nobody needs to see it. The system dialog gets a visible window under it (a
      // dialog of a hidden window may not show on every system), which doubles as a preview.
      const printWindow = newPdfWindow(window(), !options.silent);
      try {
        await printWindow.loadURL(pathToFileURL(file).href);
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        return await new Promise((resolve) =>
          printWindow.webContents.print(options, (success, reason) => resolve({ success, reason })),
        );
      } catch (error) {
        return { success: false, reason: error instanceof Error ? error.message : String(error) };
      } finally {
        printWindow.destroy();
        await fs.rm(folder, { recursive: true, force: true });
      }
    },
  };
}
