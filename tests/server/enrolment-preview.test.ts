import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/run-cli';
import { openDesk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { readEnrolment } from '../../core/sync/sync-state';
import { ServerRefused } from '../../core/sync/transport';
import { tempDir, testDesk } from '../support/desk';
import { captureStream } from '../support/capture';
import { startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

const week = 7 * 24 * 3600_000;

/** The desk's question before it enrols: which site is this code for? */
async function preview(server: TestServer, body: unknown) {
  const response = await fetch(`${server.url}/enrol/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function enrol(server: TestServer, code: string) {
  const response = await fetch(`${server.url}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const refusedCode = {
  status: 401,
  body: { error: { code: 'unauthenticated', params: { reason: 'enrolment_code' } } },
};

describe('asking which site an enrolment code is for (POST /enrol/preview)', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it("names the code's site by code, name and kind only, and leaves the code for the desk to enrol with", async () => {
    const log = captureStream();
    server = await startTestServer('pglite', { logger: { stream: log.stream } });
    const { code } = await server.createSite('LAB1', 'workshop_own', {
      name: 'Laboratorio Milano',
      legalName: 'Laboratorio Milano S.r.l.',
      vatNumber: 'IT12345678901',
      address: 'Via Torino 5, Milano',
    });

    // Typed as people type it: lower case, spaces around.
    const asked = await preview(server, { code: ` ${code.toLowerCase()} ` });
    expect(asked).toEqual({
      status: 200,
      body: { site: { code: 'LAB1', name: 'Laboratorio Milano', kind: 'workshop_own' } },
    });
    // Asked twice: still unspent, and a desk enrols with it afterwards.
    expect((await preview(server, { code })).status).toBe(200);
    await expect(enrolDesk(testDesk(), server.url, code)).resolves.toMatchObject({
      site: { code: 'LAB1' },
    });
    // The request log has the route, never the code.
    expect(log.text()).toContain('/enrol/preview');
    expect(log.text()).not.toContain(code);
  });

  it('refuses an unknown, a used and an expired code as enrolment does, and a malformed body', async () => {
    server = await startTestServer('pglite');
    const unknown = 'AAAA-BBBB-CCCC-DDDD';
    expect(await preview(server, { code: unknown })).toEqual(refusedCode);
    expect(await enrol(server, unknown)).toEqual(refusedCode);

    const { code: used } = await server.createSite('RM01', 'reception');
    expect((await enrol(server, used)).status).toBe(200);
    expect(await preview(server, { code: used })).toEqual(refusedCode);

    const tooShort = await preview(server, { code: 'ABC' });
    const tooShortEnrol = await enrol(server, 'ABC');
    expect(tooShort.status).toBe(400);
    expect(tooShort).toEqual(tooShortEnrol);
    expect((await preview(server, {})).status).toBe(400);
  });

  it('refuses a code past its week, as enrolment does', async () => {
    server = await startTestServer('pglite', { now: () => Date.now() + week + 60_000 });
    const { code } = await server.createSite('TO01', 'reception');
    expect(await preview(server, { code })).toEqual(refusedCode);
    await expect(enrolDesk(testDesk(), server.url, code)).rejects.toBeInstanceOf(ServerRefused);
  });

  it('`npm run cli -- enrol --expect-site RM01` refuses a code made for LAB1 without spending it', async () => {
    server = await startTestServer('pglite');
    const { code } = await server.createSite('LAB1', 'workshop_own', {
      name: 'Laboratorio Milano',
    });
    const dataDir = tempDir();
    const enrol = async (expected: string) => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
      const args = ['enrol', '--server', server.url, '--code', code, '--expect-site', expected];
      const status = await runCli(['--data', dataDir, ...args], { io });
      return { status, out: out.join(''), err: err.join('') };
    };

    const refused = await enrol('RM01');
    expect(refused.status).toBe(1);
    expect(refused.err).toContain(
      'Refused: this code is for LAB1 "Laboratorio Milano" (workshop_own), not RM01.',
    );
    expect(refused.err).toContain('the code was not used');
    const desk = openDesk({ dataDir });
    expect(readEnrolment(desk.db)).toBeNull();
    desk.close();
    expect((await preview(server, { code })).status).toBe(200);

    // Named as people type it, the right site enrols.
    const enrolled = await enrol(' lab1 ');
    expect(enrolled).toMatchObject({ status: 0, err: '' });
    expect(enrolled.out).toContain('This desk is now LAB1 "Laboratorio Milano" (workshop_own)');
  });
});
