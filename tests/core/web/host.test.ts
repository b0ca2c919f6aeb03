import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  maxBodyBytes,
  sessionHeader,
  startWebHost,
  tokenHeader,
  type WebHost,
} from '../../../core/web/host';
import { intakeInput, tempDir, testDesk } from '../../support/desk';
import { setUpHeadOffice } from '../../support/people';

const token = 'test-token-0123456789';
const hosts: WebHost[] = [];
const folders: string[] = [];
/** The head office admin's session on the current test's desk. */
let session = '';

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** A host over a real desk, serving a tiny stand-in for the built renderer. */
async function startHost(options: { token?: string } = {}) {
  const root = tempDir('sportello-web-');
  folders.push(root);
  const staticDir = path.join(root, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sportello</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'outside-secret.txt'), 'secret');
  const desk = testDesk();
  session = (await setUpHeadOffice(desk)).token;
  const host = await startWebHost({ desk, staticDir, token: options.token ?? token });
  hosts.push(host);
  return { host, desk };
}

function call(host: WebHost, method: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [tokenHeader]: token,
      [sessionHeader]: session,
      ...headers,
    },
    body,
  });
}

describe('browser mode host', () => {
  it('a call round-trips: an intake made over HTTP is found in the list over HTTP', async () => {
    const { host } = await startHost();
    const created = await call(host, 'createIntake', JSON.stringify(intakeInput()));
    expect(created.status).toBe(200);
    const order = (await created.json()) as { ok: true; value: { number: string } };
    expect(order.ok).toBe(true);

    const listed = await call(host, 'listOrders', JSON.stringify({ search: '0199' }));
    const page = (await listed.json()) as { ok: true; value: { items: { number: string }[] } };
    expect(page.value.items.map((o) => o.number)).toEqual([order.value.number]);
  });

  it('prints an address on 127.0.0.1 that carries the token', async () => {
    const { host } = await startHost();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/\?token=test-token-0123456789$/);
  });

  it('makes a random token per run when none is given', async () => {
    const staticDir = tempDir();
    folders.push(staticDir);
    const a = await startWebHost({ desk: testDesk(), staticDir });
    const b = await startWebHost({ desk: testDesk(), staticDir });
    hosts.push(a, b);
    expect(a.token).toHaveLength(43);
    expect(a.token).not.toBe(b.token);
  });

  it('refuses an API call without the token, or with a wrong one, with 401 and nothing saved', async () => {
    const { host, desk } = await startHost();
    const missing = await fetch(`${host.origin}/api/createIntake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(intakeInput()),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ ok: false, error: { code: 'unauthenticated' } });

    const wrong = await call(host, 'createIntake', JSON.stringify(intakeInput()), {
      [tokenHeader]: 'test-token-0123456780',
    });
    expect(wrong.status).toBe(401);
    const list = (await desk.callWithSession(session, 'listOrders', {})) as {
      ok: true;
      value: { total: number };
    };
    expect(list.value.total).toBe(0);
  });

  it('refuses a request from another origin, and one for another host name (DNS rebinding)', async () => {
    const { host } = await startHost();
    const foreign = await call(host, 'listOrders', '{}', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ ok: false, error: { code: 'forbidden' } });

    const sameOrigin = await call(host, 'listOrders', '{}', { origin: host.origin });
    expect(sameOrigin.status).toBe(200);

    // fetch may not set Host; a raw request can, as a rebinding page's browser would.
    const reboundStatus = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(
        `${host.origin}/api/listOrders`,
        {
          method: 'POST',
          headers: {
            host: `evil.example:${host.port}`,
            [tokenHeader]: token,
            'content-type': 'application/json',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(reboundStatus).toBe(403);
  });

  it('refuses a body over the limit with 413 payload_too_large', async () => {
    const { host } = await startHost();
    const huge = JSON.stringify({ complaint: 'x'.repeat(maxBodyBytes + 10) });
    const response = await call(host, 'createIntake', huge);
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('payload_too_large');
  });

  it('answers unreadable JSON with 400 validation, and an unknown method with unknown_method', async () => {
    const { host } = await startHost();
    const broken = await call(host, 'createIntake', '{"customer": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('validation');

    const unknown = await call(host, 'dropAllTables', '{}');
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('returns the contract validation issues for bad input', async () => {
    const { host } = await startHost();
    const response = await call(
      host,
      'createIntake',
      JSON.stringify(intakeInput({ customer: { mode: 'new', name: '', phone: 'abc' } })),
    );
    const result = (await response.json()) as {
      ok: false;
      error: { code: string; issues: unknown[] };
    };
    expect(result.error.code).toBe('validation');
    expect(result.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'customer.name', code: 'required' },
        { path: 'customer.phone', code: 'invalid_phone' },
      ]),
    );
  });

  it('serves the renderer with a strict CSP, index.html for /, and nothing outside its folder', async () => {
    const { host } = await startHost();
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Sportello</title>');
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);

    const asset = await fetch(`${host.origin}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');

    for (const attempt of [
      '/../outside-secret.txt',
      '/%2e%2e/outside-secret.txt',
      '/assets/..%2f..%2foutside-secret.txt',
      '/..%5coutside-secret.txt',
    ]) {
      const response = await fetch(`${host.origin}${attempt}`);
      expect(response.status, attempt).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('refuses GET on the API and POST on static files', async () => {
    const { host } = await startHost();
    expect(
      (await fetch(`${host.origin}/api/listOrders`, { headers: { [tokenHeader]: token } })).status,
    ).toBe(405);
    expect((await fetch(`${host.origin}/index.html`, { method: 'POST' })).status).toBe(405);
  });
});
