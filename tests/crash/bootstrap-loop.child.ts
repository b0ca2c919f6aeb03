// Run by bootstrap-crash.test.ts as a separate process: a head-office desk far behind pulls
// everything in small pages, its indexes set aside (as a real bootstrap from 20 000 changes
// behind), until it is killed or done. It prints a marker after each page it applied.
import { openDesk } from '../../core/runtime/desk';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';

const [dataDir, migrationsFolder] = process.argv.slice(2);
if (!dataDir || !migrationsFolder) throw new Error('usage: bootstrap-loop DATA_DIR MIGRATIONS_DIR');
// As the shipped desk opens: a worker thread checkpoints while pages commit.
const desk = openDesk({ dataDir, migrationsFolder, backgroundCheckpoints: true });
const credentials = settingsCredentialStore(desk.db, desk.secrets).load();
if (!credentials) throw new Error('the desk is not enrolled');
const say = (line: string) => process.stdout.write(`${line}\n`);
say('ready');
const round = await syncOnce(desk, httpTransport(credentials), {
  pageSize: 5,
  deferIndexesAbove: 10,
  onProgress: () => say('page'),
});
say(round.ok ? 'done' : `failed ${round.error}`);
desk.close();
