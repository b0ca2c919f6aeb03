// Run by crash.test.ts as a separate process: takes devices in, one after another, until it is
// killed, printing each order number only after createIntake has returned it (as the UI would
// show it to the receptionist).
import { openDesk } from '../../core/runtime/desk';
import { intakeInputFor } from './intake-input';

const [dataDir, migrationsFolder] = process.argv.slice(2);
if (!dataDir || !migrationsFolder) throw new Error('usage: intake-loop DATA_DIR MIGRATIONS_DIR');
// As the Electron and browser-mode hosts run it: a worker checkpoints the log meanwhile.
const desk = openDesk({ dataDir, migrationsFolder, backgroundCheckpoints: true });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const result = await desk.call('createIntake', intakeInputFor(i));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  process.stdout.write(`confirmed ${(result.value as { number: string }).number}\n`);
}
