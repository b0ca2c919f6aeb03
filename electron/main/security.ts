import { app, shell, type Session, type WebContents } from 'electron';
import {
  isExternalUrlAllowed,
  isNavigationAllowed,
  isPermissionGranted,
  isSubframeNavigationAllowed,
} from './navigation-policy';

/** Opens a link in the system browser or mail/phone client, if it passes the policy. */
function openExternally(url: string): void {
  if (!isExternalUrlAllowed(url)) return;
  shell.openExternal(url).catch(() => undefined);
}

/** Keeps every webContents on the app's own pages: no navigation, redirects, popups or webviews. */
function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  // Subframes only: cancelling the main frame here would skip will-navigate and its handover.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isSubframeNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check the app does not need. */
export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const externalUrl = 'externalURL' in details ? details.externalURL : undefined;
    callback(
      isPermissionGranted(permission, details.requestingUrl || contents.getURL(), externalUrl),
    );
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
}

/** Installs the guards on every webContents the app will ever create. */
export function installSecurityGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
}
