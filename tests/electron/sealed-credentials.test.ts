import fs from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { safeStorageProtector } from '../../electron/main/key-protector';
import { runCli } from '../../core/cli/run-cli';
import { protectedKeyProvider } from '../../core/security/protected-key';
import { keyFiles } from '../../core/security/secret-box';
import { openDesk } from '../../core/runtime/desk';
import { silentLogger } from '../../core/runtime/context';
import { startDeskSync } from '../../core/sync/desk-sync';
import { enrolDesk } from '../../core/sync/enrol';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { tempDir } from '../support/desk';
import { startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';
import { safeStorage } from './fake-electron';

let dataDir: string;
let server: TestServer;
beforeAll(() => warmUpBackend('pglite'), 120_000);
beforeEach(() => {
  dataDir = tempDir('sportello-creds-');
  safeStorage.available = true;
});
afterEach(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The desk as the Electron shell opens it: its key wrapped by (fake) safeStorage. */
const appDesk = () =>
  openDesk({
    dataDir,
    logger: silentLogger,
    keyProvider: protectedKeyProvider(dataDir, safeStorageProtector(safeStorage)),
  });

/** The app's first start that needs the key wraps it; the CLI can no longer open it. */
function wrapKey(): void {
  const desk = appDesk();
  desk.secrets.seal('probe', 'probe');
  desk.close();
  expect(fs.existsSync(keyFiles(dataDir).wrapped)).toBe(true);
}

async function cli(args: string[]) {
  const err: string[] = [];
  const code = await runCli(['--data', dataDir, ...args], {
    io: { out: () => undefined, err: (t) => err.push(t) },
  });
  return { code, stderr: err.join('') };
}

const storedRow = () => {
  const desk = openDesk({ dataDir, logger: silentLogger });
  try {
    return desk.db.$client
      .prepare("SELECT value FROM settings WHERE key = 'sync.credentials'")
      .pluck()
      .get() as string | undefined;
  } finally {
    desk.close();
  }
};

describe('sync credentials on a desk whose key the app wrapped with safeStorage', () => {
  it('the app enrols and opens them; the CLI refuses sync and enrol clearly and changes nothing', async () => {
    server = await startTestServer('pglite');
    const { code } = await server.createSite('EL01', 'reception');
    wrapKey();

    const refused = await cli(['enrol', '--server', server.url, '--code', code]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/enrol and sync from the desk app/);
    expect(refused.stderr).toMatch(/the code was not used/);
    expect(storedRow()).toBeUndefined();

    // The code was not spent: the app enrols with it.
    const app = appDesk();
    await enrolDesk(app, server.url, code);
    const credentials = settingsCredentialStore(app.db, app.secrets).load()!;
    app.close();
    const row = storedRow()!;
    expect(row).not.toContain(credentials.secret);

    const sync = await cli(['sync']);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(
      /cannot open the sync credentials.*enrol and sync from the desk app/s,
    );
    expect(storedRow()).toBe(row);

    // Browser mode on this folder does not start the loop; the app does.
    const browser = openDesk({ dataDir, logger: silentLogger });
    expect(startDeskSync(browser)).toBeNull();
    browser.close();
    const reopened = appDesk();
    const loop = startDeskSync(reopened);
    expect(loop).not.toBeNull();
    await loop!.stop();
    reopened.close();
  });

  it('a plain credential the CLI cannot seal stays as it was until the app opens the desk', async () => {
    wrapKey();
    const plain = { serverUrl: 'http://127.0.0.1:9', deskId: 'd-1', secret: 'plain-secret-123' };
    const cliDesk = openDesk({ dataDir, logger: silentLogger });
    cliDesk.db.$client
      .prepare("INSERT INTO settings (key, value) VALUES ('sync.credentials', ?)")
      .run(JSON.stringify(plain));
    cliDesk.close();
    // Opened where the key is out of reach: left alone.
    expect(JSON.parse(storedRow()!)).toEqual(plain);
    const app = appDesk();
    expect(JSON.parse(storedRow()!)).toMatchObject({ deskId: 'd-1', sealedSecret: /^v1:/ });
    expect(settingsCredentialStore(app.db, app.secrets).load()).toEqual(plain);
    app.close();
  });

  it('a fresh desk enrolled from the CLI keeps its credentials when the app wraps the key', async () => {
    server = await startTestServer('pglite');
    const { code } = await server.createSite('EL02', 'reception');
    expect(await cli(['enrol', '--server', server.url, '--code', code])).toMatchObject({ code: 0 });
    expect(fs.existsSync(keyFiles(dataDir).plain)).toBe(true);
    const app = appDesk();
    expect(settingsCredentialStore(app.db, app.secrets).load()).toMatchObject({
      serverUrl: server.url,
    });
    expect(fs.existsSync(keyFiles(dataDir).plain)).toBe(false);
    app.close();
  });
});
