import path from 'node:path';
import { appHost, appScheme, parseUrl } from './app-url';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export type RendererFile =
  | { kind: 'file'; file: string; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404 };

/**
 * Maps an app://sportello/… request onto a file inside the built renderer folder.
 * Anything that would leave that folder (`..`, encoded separators, absolute paths, NUL) is
 * refused; a path without an extension is a client-side route and gets index.html.
 */
export function resolveRendererFile(rendererDir: string, requestUrl: string): RendererFile {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${appScheme}:` || url.host.toLowerCase() !== appHost) {
    return { kind: 'refused', status: 404 };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'refused', status: 400 };
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return { kind: 'refused', status: 403 };
  }
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const extension = path.posix.extname(relative).toLowerCase();
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, extension === '' ? 'index.html' : relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { kind: 'refused', status: 403 };
  const contentType = contentTypes[extension === '' ? '.html' : extension];
  if (!contentType) return { kind: 'refused', status: 404 };
  return { kind: 'file', file, contentType };
}
