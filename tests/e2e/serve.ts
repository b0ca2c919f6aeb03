import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDesk } from '../../core/runtime/desk';
import { startWebHost } from '../../core/web/host';
import { e2eDataDirNote } from './desk-data';

/** The browser tests' host: a fresh desk in a temp folder, removed when Playwright stops it. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-e2e-'));
const desk = openDesk({ dataDir });
const host = await startWebHost({
  desk,
  port: Number(process.env.SPORTELLO_E2E_PORT),
  staticDir: path.resolve(import.meta.dirname, '../../out/renderer'),
  token: process.env.SPORTELLO_WEB_TOKEN ?? '',
});
console.log(`e2e desk at ${host.url} (data ${dataDir})`);
// Tests that need the past (devices uncollected for days) find the desk's database here.
const dataDirNote = e2eDataDirNote(Number(process.env.SPORTELLO_E2E_PORT));
fs.writeFileSync(dataDirNote, dataDir);

async function stop() {
  await host.close();
  desk.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(dataDirNote, { force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
