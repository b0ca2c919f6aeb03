import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maxAttachmentBytes } from '../contract/attachments';
import type { AppError, Result } from '../contract/errors';
import type { Desk } from '../runtime/desk';
import { contentSecurityPolicy, serveStatic } from './static-files';

export const tokenHeader = 'x-sportello-token';
/** The signed-in person's session, beside the per-run host token (see docs/decisions.md). */
export const sessionHeader = 'x-sportello-session';
/**
 * Room for the largest photo the contract takes, as base64 (4/3 of its bytes), plus its JSON; a
 * body over this is refused before it is read whole. The attachment schema then applies its own
 * limit with a translated error.
 */
export const maxBodyBytes = Math.ceil((maxAttachmentBytes * 4) / 3) + 1024 * 1024;

export interface WebHostOptions {
  desk: Pick<Desk, 'callWithSession'>;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (`out/renderer`). */
  staticDir: string;
  /** Fixed for tests; otherwise 32 random bytes per run. */
  token?: string;
}

export interface WebHost {
  /** The address to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendResult(res: ServerResponse, status: number, result: Result<unknown>) {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const fail = (res: ServerResponse, status: number, error: AppError) =>
  sendResult(res, status, { ok: false, error });

function tokensMatch(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Reads the body up to the limit; null when it is larger. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Browser mode: the built renderer and the contract over HTTP on 127.0.0.1. Every API call
 * carries the per-run token and acts as the person whose session it carries; requests from another origin or for another host name (DNS
 * rebinding) are refused before anything is read.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  let allowedHosts: string[] = [];

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string) {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return fail(res, 405, { code: 'unknown_method', params: { method } });
    }
    if (!tokensMatch(req.headers[tokenHeader], token)) {
      return fail(res, 401, { code: 'unauthenticated' });
    }
    const body = await readBody(req);
    if (body === null) {
      res.setHeader('connection', 'close');
      return fail(res, 413, { code: 'payload_too_large', params: { maximum: maxBodyBytes } });
    }
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      return fail(res, 400, { code: 'validation', issues: [{ path: '', code: 'invalid_json' }] });
    }
    // Never the desk's default actor: without a live session only the public methods answer.
    const session = req.headers[sessionHeader];
    const result = await options.desk.callWithSession(
      typeof session === 'string' && session.length > 0 ? session : undefined,
      method,
      input,
    );
    sendResult(res, 200, result);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const host = req.headers.host ?? '';
    if (!allowedHosts.includes(host)) return fail(res, 403, { code: 'forbidden' });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
      return fail(res, 403, { code: 'forbidden' });
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const api = /^\/api\/([A-Za-z][A-Za-z0-9]{0,79})$/.exec(url.pathname);
    if (api) return handleApi(req, res, api[1]!);
    if (url.pathname.startsWith('/api/')) return fail(res, 404, { code: 'unknown_method' });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    serveStatic(options.staticDir, url.pathname, res, req.method === 'HEAD');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, { code: 'internal' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
