// Run by sync-crash.test.ts as a separate process: takes a device in, then runs one round of
// replication with the head office, again and again until it is killed. It prints each order
// number only once createIntake has returned it (as the UI would show it), and a marker before
// each step of a round, so the test knows where each kill landed.
import { openDesk } from '../../core/runtime/desk';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport, type SyncTransport } from '../../core/sync/transport';
import { intakeInputFor } from './intake-input';

const [dataDir, migrationsFolder, firstIndex] = process.argv.slice(2);
if (!dataDir || !migrationsFolder || !firstIndex)
  throw new Error('usage: intake-sync-loop DATA_DIR MIGRATIONS_DIR FIRST_INDEX');
const desk = openDesk({ dataDir, migrationsFolder });
const credentials = settingsCredentialStore(desk.db, desk.secrets).load();
if (!credentials) throw new Error('the desk is not enrolled');
const say = (line: string) => process.stdout.write(`${line}\n`);
const http = httpTransport(credentials);
const transport: SyncTransport = {
  async push(mutations) {
    say('phase push');
    const answer = await http.push(mutations);
    say('phase settle');
    return answer;
  },
  async pull(cursor, limit) {
    say('phase pull');
    const page = await http.pull(cursor, limit);
    say('phase apply');
    return page;
  },
};
say('ready');
for (let i = Number(firstIndex); ; i++) {
  say('phase intake');
  const result = await desk.call('createIntake', intakeInputFor(i));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  say(`confirmed ${(result.value as { number: string }).number}`);
  const round = await syncOnce(desk, transport, { pageSize: 50 });
  if (!round.ok) throw new Error(`sync round failed: ${round.error ?? 'unknown'}`);
  say('phase idle');
}
