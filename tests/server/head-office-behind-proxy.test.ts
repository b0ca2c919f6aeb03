import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/contract/sync';
import { expectOk, intakeInput, testDesk } from '../support/desk';
import { cliSync, enrolledDesk } from '../support/sync-desk';
import { backends, serverForSuite } from '../support/sync-server';

/**
 * The head office behind the TLS proxy its guide asks for: with the server stopped (restarting
 * on Monday morning) the proxy answers for it, 502 Bad Gateway with a page of HTML. The desk is
 * offline, its changes safe: it must not say the head office refused them.
 */
describe.each(backends)('a desk reaching the head office through its proxy (%s)', (backend) => {
  const server = serverForSuite(backend);
  let upstreamDown = false;
  let closing = false;
  const proxy = http.createServer((req, res) => {
    if (closing) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'closing' }),
      );
      return;
    }
    if (upstreamDown) {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
      return;
    }
    const upstream = http.request(
      new URL(req.url!, server().url),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  let proxyUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('says the head office cannot be reached, keeps what waits, and sends it once it is back', async () => {
    const desk = await enrolledDesk(server(), 'MI23', 'reception', proxyUrl);
    await expectOk(desk.call('createIntake', intakeInput()));
    upstreamDown = true;
    try {
      const round = await desk.sync();
      expect(round).toMatchObject({ ok: false, error: 'offline' });
      // As Fastify answers while the server closes: an error that is a string, not ours.
      closing = true;
      expect(await desk.sync()).toMatchObject({ ok: false, error: 'offline' });
      closing = false;
      const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
      expect(status).toMatchObject({ online: false, lastError: 'offline', waiting: 1 });
      const cli = await cliSync(desk, { LANG: 'en_GB.UTF-8' });
      expect(cli.code).toBe(1);
      expect(cli.text).toContain(`server: ${proxyUrl} (unreachable)`);
      expect(cli.text).not.toMatch(/refused the request|problem: internal/);
      // A new desk enrolled meanwhile is told the head office cannot be reached, not refused.
      const fresh = await testDesk().callWithSession(undefined, 'enrolDesk', {
        serverUrl: proxyUrl,
        code: (await server().createSite('MI24', 'reception')).code,
      });
      expect(fresh).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    } finally {
      upstreamDown = false;
      closing = false;
    }
    const back = await desk.sync();
    expect(back).toMatchObject({ ok: true, push: { accepted: 1 } });
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status).toMatchObject({ online: true, lastError: null, waiting: 0 });
  });
});
