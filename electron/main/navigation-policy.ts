import { isAppUrl, parseUrl } from './app-url';

/** The window may only move between pages of the app itself; anything else is refused. */
export function isNavigationAllowed(targetUrl: string): boolean {
  return isAppUrl(targetUrl);
}

/** Chromium's built-in PDF viewer (a component extension with a fixed id). */
const pdfViewerHost = 'mhjfbmdgcfjbbpaeojofohoefgiehjai';

/**
 * A subframe may load only the app itself or Chromium's PDF viewer, which the hidden print
 * window needs to show the PDF it prints. The app's own page cannot frame anything: its CSP
 * has `frame-src 'none'`.
 */
export function isSubframeNavigationAllowed(targetUrl: string): boolean {
  if (isAppUrl(targetUrl)) return true;
  const url = parseUrl(targetUrl);
  // Node gives a non-special scheme's origin as "null": compare scheme and host instead.
  return (
    url !== undefined &&
    url.protocol === 'chrome-extension:' &&
    url.host === pdfViewerHost &&
    url.username === '' &&
    url.password === ''
  );
}

const externalProtocols = new Set(['https:', 'mailto:', 'tel:']);
const longestExternalUrl = 2048;

/**
 * Links that may leave the app for the system browser, mail or phone client: https with a
 * real host and no embedded credentials, mailto: and tel:. No http, file, javascript, custom
 * schemes or app-to-app handlers: a crafted link must not start a program.
 */
export function isExternalUrlAllowed(raw: string): boolean {
  if (raw.length > longestExternalUrl) return false;
  const url = parseUrl(raw);
  if (!url || !externalProtocols.has(url.protocol)) return false;
  if (url.protocol !== 'https:') return url.pathname.length > 0;
  return url.hostname.length > 0 && url.username === '' && url.password === '';
}

/** Permissions the app itself may use; every other request (camera, geolocation…) is denied. */
const grantedPermissions = new Set(['clipboard-sanitized-write']);

/**
 * `openExternal` is Chromium asking to hand a link the page followed (mailto:, tel:) to the
 * system: granted only for the app's own page and a link that passes the same check.
 */
export function isPermissionGranted(
  permission: string,
  requestingUrl: string,
  externalUrl?: string,
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission === 'openExternal') {
    return externalUrl !== undefined && isExternalUrlAllowed(externalUrl);
  }
  return grantedPermissions.has(permission);
}
