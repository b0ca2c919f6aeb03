import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { methodNames } from '../../core/contract/client';
import type { Result } from '../../core/contract/errors';
import type { Desk } from '../../core/runtime/desk';
import { channelFor } from '../ipc-channels';
import { isTrustedSender } from './sender-policy';

const untrustedSender: Result<never> = {
  ok: false,
  error: { code: 'forbidden', params: { reason: 'untrusted_sender' } },
};

function senderIsOurWindow(event: IpcMainInvokeEvent, window: BrowserWindow | undefined): boolean {
  const frame = event.senderFrame;
  const contents = window && !window.isDestroyed() ? window.webContents : undefined;
  const mainFrame = contents?.mainFrame;
  return isTrustedSender({
    senderId: event.sender.id,
    windowId: contents?.id,
    isMainFrame:
      frame !== null &&
      mainFrame !== undefined &&
      frame.parent === null &&
      frame.processId === mainFrame.processId &&
      frame.routingId === mainFrame.routingId,
    frameUrl: frame?.url,
  });
}

/**
 * Binds every contract method to its own channel. The sender is checked here; the input's
 * schema and the caller's roles are checked by `desk.call`, as for HTTP and the CLI.
 */
export function bindContract(desk: Desk, currentWindow: () => BrowserWindow | undefined): void {
  for (const method of methodNames) {
    ipcMain.handle(channelFor(method), (event, input: unknown) => {
      if (!senderIsOurWindow(event, currentWindow())) return untrustedSender;
      return desk.call(method, input);
    });
  }
}
