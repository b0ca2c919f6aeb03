import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { DamagedDatabaseError } from '../backup/integrity';
import { startBackupSchedule } from '../backup/schedule';
import { resolveDataDir } from '../runtime/data-dir';
import { openDesk, type Desk } from '../runtime/desk';
import { createLogger } from '../runtime/logger';
import { keepDeskSynced } from '../sync/desk-sync';
import { startWebHost } from './host';

/** `npm run web -- [--data DIR] [--port N]`: the desk in a browser on 127.0.0.1. */
const { values } = parseArgs({
  options: { data: { type: 'string' }, port: { type: 'string' } },
  allowPositionals: false,
});

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const staticDir = path.join(projectRoot, 'out', 'renderer');
const log = createLogger({ name: 'sportello-web' }, pino.destination(2));
const dataDir = resolveDataDir(values.data);
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not "${values.port}"`);
  process.exit(2);
}

let desk: Desk;
try {
  desk = openDesk({ dataDir, logger: log, backgroundCheckpoints: true });
} catch (error) {
  // One clear line with the way back (restore the last backup, or enrol again); no stack.
  if (error instanceof DamagedDatabaseError) {
    console.error(error.message);
    process.exit(3);
  }
  throw error;
}
const stopBackups = startBackupSchedule(desk, {
  onError: (error) => log.error({ err: error }, 'scheduled backup failed'),
});
const sync = keepDeskSynced(desk, { logger: log });
const host = await startWebHost({
  desk,
  port,
  staticDir,
  ...(process.env.SPORTELLO_WEB_TOKEN ? { token: process.env.SPORTELLO_WEB_TOKEN } : {}),
});
console.log(`Sportello (browser mode, data in ${dataDir}): ${host.url}`);
// A large file is checked after start: damage is reported as at start, and the desk stops.
void desk.integrity.then(async ({ damaged }) => {
  if (!damaged) return;
  console.error(damaged.message);
  stopBackups();
  await host.close();
  desk.close();
  process.exit(3);
});

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  stopBackups();
  await sync.stop();
  await host.close();
  desk.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
