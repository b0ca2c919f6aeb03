import { isAppUrl } from './app-url';

/** What main knows about the frame that sent an IPC message. */
export interface SenderFacts {
  /** webContents id of the sender, and of our window (undefined once it is gone). */
  senderId: number;
  windowId: number | undefined;
  /** Whether the sending frame is the top frame of that webContents. */
  isMainFrame: boolean;
  /** The sending frame's URL; undefined when the frame was destroyed meanwhile. */
  frameUrl: string | undefined;
}

/**
 * IPC is answered only for the main frame of our own window while it shows the app: an
 * iframe, another window or a page that navigated away cannot call the desk.
 */
export function isTrustedSender(sender: SenderFacts): boolean {
  if (sender.windowId === undefined || sender.senderId !== sender.windowId) return false;
  if (!sender.isMainFrame || sender.frameUrl === undefined) return false;
  return isAppUrl(sender.frameUrl);
}
