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

/** Methods whose successful reply opens a session (its token is kept here, not sent on). */
const opensSession = new Set<string>(['signIn', 'setUpHeadOffice']);

export function senderIsOurWindow(
  event: IpcMainInvokeEvent,
  window: BrowserWindow | undefined,
): boolean {
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

export interface WindowSessionCalls {
  /** One contract call from the window whose webContents has this id. */
  call(contentsId: number, method: string, input: unknown): Promise<Result<unknown>>;
  /** The window is gone: its session ends with it. */
  forget(contentsId: number): void;
}

/**
 * The main process holds each window's session token: the renderer never sees it, so script
 * injected into the page cannot carry it elsewhere. A successful `signIn`/`setUpHeadOffice`
 * stores it (ending the window's previous session) and the reply goes on without it; `signOut`
 * drops it; every call acts as that window's person, never as the desk's default actor.
 */
export function windowSessionCalls(desk: Pick<Desk, 'callWithSession' | 'sessions'>) {
  const tokens = new Map<number, string>();
  const end = (contentsId: number) => {
    const token = tokens.get(contentsId);
    if (token) desk.sessions.close(token);
    tokens.delete(contentsId);
  };
  return {
    async call(contentsId, method, input) {
      const result = await desk.callWithSession(tokens.get(contentsId), method, input);
      if (method === 'signOut') end(contentsId);
      if (!result.ok || !opensSession.has(method)) return result;
      const { token, ...reply } = result.value as { token: string };
      end(contentsId);
      tokens.set(contentsId, token);
      return { ok: true, value: reply };
    },
    forget: end,
  } satisfies WindowSessionCalls;
}

/**
 * Binds every contract method to its own channel. The sender is checked here; the session,
 * the caller's roles and the input's schema by `desk.callWithSession`, as for HTTP.
 */
export function bindContract(
  desk: Desk,
  currentWindow: () => BrowserWindow | undefined,
): WindowSessionCalls {
  const calls = windowSessionCalls(desk);
  for (const method of methodNames) {
    ipcMain.handle(channelFor(method), (event, input: unknown) => {
      if (!senderIsOurWindow(event, currentWindow())) return untrustedSender;
      return calls.call(event.sender.id, method, input);
    });
  }
  return calls;
}
