/** The renderer is served from this privileged scheme instead of file://. */
export const appScheme = 'app';
export const appHost = 'sportello';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

/** Parses a URL, or returns undefined where it is not one (never throws). */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/**
 * True only for app://sportello/… . Compared by scheme and host: Node's URL gives the origin
 * of a non-special scheme as the string "null" and keeps its host's case, unlike Chromium.
 */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return (
    url !== undefined &&
    url.protocol === `${appScheme}:` &&
    url.host.toLowerCase() === appHost &&
    url.username === '' &&
    url.password === ''
  );
}
