import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/runtime/context';
import { openDesk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { expectOk, intakeInput, tempDir } from '../support/desk';
import { captureStream } from '../support/capture';
import {
  startTestServer,
  testSiteRequest,
  warmUpBackend,
  type TestServer,
} from '../support/sync-server';

/** Every line the server logs, parsed. */
function logCapture() {
  const { stream, text } = captureStream();
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, text, lines };
}

describe('the server request log', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('writes one line a request, naming the desk, and never a credential', async () => {
    const log = logCapture();
    server = await startTestServer('pglite', { logger: { stream: log.stream } });

    const created = await fetch(`${server.url}/admin/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-key': server.adminKey },
      body: JSON.stringify(testSiteRequest('LG01', 'reception')),
    });
    expect(created.status).toBe(200);
    const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };

    const dataDir = tempDir('sportello-log-');
    const fresh = openDesk({ dataDir, logger: silentLogger });
    await enrolDesk(fresh, server.url, enrolmentCode);
    fresh.close();
    const desk = openDesk({ dataDir, logger: silentLogger });
    try {
      const credentials = settingsCredentialStore(desk.db, desk.secrets).load()!;
      await expectOk(desk.call('createIntake', intakeInput()));
      const round = await syncOnce(desk, httpTransport(credentials));
      expect(round.push.accepted).toBeGreaterThan(0);
      // A forged credential: refused, and logged without the secret it carried.
      const forgedSecret = 'f'.repeat(64);
      const forged = await fetch(`${server.url}/sync/pull`, {
        headers: { authorization: `Bearer ${credentials.deskId}.${forgedSecret}` },
      });
      expect(forged.status).toBe(401);

      const requests = log.lines().filter((line) => line.msg === 'request completed');
      // Fastify's own "incoming request" line is off: one line a request.
      expect(log.lines().filter((line) => line.msg === 'incoming request')).toEqual([]);
      const seen = requests.map((line) => {
        const req = line.req as { method: string; url: string };
        const res = line.res as { statusCode: number };
        expect(line.responseTime).toEqual(expect.any(Number));
        return `${req.method} ${req.url.split('?')[0]} ${res.statusCode} ${line.desk ?? '-'}`;
      });
      expect(seen).toEqual(
        expect.arrayContaining([
          'POST /admin/sites 200 -',
          'POST /enrol 200 -',
          `POST /sync/push 200 ${credentials.deskId}`,
          `GET /sync/pull 200 ${credentials.deskId}`,
          'GET /sync/pull 401 -',
        ]),
      );
      // Each request once: the refused pull is the only 401.
      expect(seen.filter((line) => line.endsWith(' 401 -'))).toHaveLength(1);

      // A push refused whole says where, and not what it carried.
      const malformed = await fetch(`${server.url}/sync/push`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${credentials.deskId}.${credentials.secret}`,
        },
        body: JSON.stringify({ mutations: [{ seq: 99, userId: 'marta-secret-name' }] }),
      });
      expect(malformed.status).toBe(400);
      const [refusal] = log.lines().filter((line) => line.msg === 'push refused as malformed');
      expect(refusal).toMatchObject({
        desk: credentials.deskId,
        issues: expect.arrayContaining(['mutations.0.userId: invalid_uuid']),
      });
      expect(JSON.stringify(refusal)).not.toContain('marta-secret-name');

      const everything = log.text();
      for (const secret of [server.adminKey, enrolmentCode, credentials.secret, forgedSecret])
        expect(everything).not.toContain(secret);
    } finally {
      desk.close();
    }
  });
});
