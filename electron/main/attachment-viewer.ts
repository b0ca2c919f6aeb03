import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sniffAttachmentType } from '../../core/attachments/file-type';
import type { z } from 'zod';
import type { AttachmentInfo } from '../../core/contract/attachments';
import { OpenAttachmentRequest } from '../../core/contract/documents';
import { issuesFromZod, type Result } from '../../core/contract/errors';
import { shellChannelFor } from '../ipc-channels';
import type { WindowSessionCalls } from './ipc';
import { newPdfWindow } from './printing';

/** Where a PDF is shown, passed in so the decisions can be tested without Electron. */
export interface DocumentViewer {
  show(pdf: Buffer, title: string): Promise<void>;
}

type CallFrom = (contentsId: number, method: string, input: unknown) => Promise<Result<unknown>>;

/**
 * `openAttachment` as main runs it: the page names the attachment, main reads it through the
 * desk as the window's person, and only a PDF document (by its kind and by its bytes) is shown.
 * The page's own CSP frames nothing, so the PDF gets a viewer window of its own.
 */
export async function openAttachmentForWindow(
  call: CallFrom,
  viewer: DocumentViewer,
  contentsId: number,
  raw: unknown,
): Promise<Result<null>> {
  const parsed = OpenAttachmentRequest.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation', issues: issuesFromZod(parsed.error) } };
  }
  const got = await call(contentsId, 'getAttachment', { id: parsed.data.id });
  if (!got.ok) return got;
  const attachment = got.value as z.infer<typeof AttachmentInfo> & { dataBase64: string };
  const pdf = Buffer.from(attachment.dataBase64, 'base64');
  if (attachment.kind !== 'document' || sniffAttachmentType(pdf) !== 'application/pdf') {
    return { ok: false, error: { code: 'unsupported_attachment' } };
  }
  try {
    await viewer.show(pdf, attachment.name);
  } catch {
    // The window could not be opened or load the file: said, not thrown across IPC.
    return { ok: false, error: { code: 'internal' } };
  }
  return { ok: true, value: null };
}

/** Binds `openAttachment`; the sender is checked as for every contract call. */
export function bindAttachmentViewer(
  calls: WindowSessionCalls,
  viewer: DocumentViewer,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  ipcMain.handle(shellChannelFor('openAttachment'), (event, input: unknown) => {
    if (!isTrusted(event)) {
      return { ok: false, error: { code: 'forbidden', params: { reason: 'untrusted_sender' } } };
    }
    return openAttachmentForWindow(calls.call, viewer, event.sender.id, input);
  });
}

/**
 * The real viewer: a sandboxed window under the desk's, showing the PDF in Chromium's viewer
 * (which also prints and saves it). The file sits in a private temporary folder while the
 * window is open, and goes when it closes.
 */
export function electronDocumentViewer(window: () => BrowserWindow | undefined): DocumentViewer {
  return {
    async show(pdf, title) {
      const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sportello-document-'));
      const file = path.join(folder, 'document.pdf');
      await fs.writeFile(file, pdf, { mode: 0o600 });
      const viewerWindow = newPdfWindow(window(), true, title);
      // At once, not later: a window closed as the app quits must not leave the customer's
      // document behind in the temporary folder.
      viewerWindow.on('closed', () => rmSync(folder, { recursive: true, force: true }));
      try {
        await viewerWindow.loadURL(pathToFileURL(file).href);
      } catch (error) {
        viewerWindow.destroy();
        throw error;
      }
    },
  };
}
