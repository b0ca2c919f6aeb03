import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { startWebHost, type WebHost } from '../../core/web/host';
import { e2eDataDirNote } from './desk-data';
import { e2eAdmin, e2eReceptionist, e2eSite, freshDeskPort } from './people';

/**
 * The browser tests' hosts, each on a fresh desk in a temp folder removed when Playwright stops
 * them: the main one set up with an admin and a receptionist (both with a PIN), and on the next
 * port one nobody has set up, for the first-run wizard.
 */
const port = Number(process.env.SPORTELLO_E2E_PORT);
const staticDir = path.resolve(import.meta.dirname, '../../out/renderer');
const token = process.env.SPORTELLO_WEB_TOKEN ?? '';
const opened: { desk: Desk; host: WebHost; dataDir: string }[] = [];

async function serve(hostPort: number, setUp: (desk: Desk) => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-e2e-'));
  const desk = openDesk({ dataDir });
  await setUp(desk);
  const host = await startWebHost({ desk, port: hostPort, staticDir, token });
  opened.push({ desk, host, dataDir });
  console.log(`e2e desk at ${host.url} (data ${dataDir})`);
  return dataDir;
}

async function must(result: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(`e2e setup failed: ${JSON.stringify(answer.error)}`);
  return answer.value as { token: string };
}

await serve(freshDeskPort(port), async () => {});
const mainDataDir = await serve(port, async (desk) => {
  const admin = await must(
    desk.callWithSession(undefined, 'setUpHeadOffice', { site: e2eSite, admin: e2eAdmin }),
  );
  await must(
    desk.callWithSession(admin.token, 'createUser', {
      ...e2eReceptionist,
      roles: ['receptionist'],
    }),
  );
  await desk.callWithSession(admin.token, 'signOut', {});
});

// Tests that need the past (devices uncollected for days) find the main desk's database here.
const dataDirNote = e2eDataDirNote(port);
fs.writeFileSync(dataDirNote, mainDataDir);

async function stop() {
  fs.rmSync(dataDirNote, { force: true });
  for (const { host, desk, dataDir } of opened) {
    await host.close();
    desk.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
