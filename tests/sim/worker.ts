import { openPglite } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { runSeed, type SimResult } from './run-seed';

export type ToWorker = { type: 'run'; seed: number } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'passed'; result: SimResult; cpuMs: number }
  | { type: 'failed'; seed: number; message: string; cpuMs: number };

/**
 * One simulator worker, a child process of `main.ts`: its own PGlite, seeds one at a time. A
 * process rather than a thread so that `main.ts` can replace it after a few hundred seeds and
 * the memory it grew (every crash reopens a desk; glibc keeps what SQLite freed) goes with it.
 */
if (process.send) {
  // Once the parent is gone (a run stopped with SIGTERM or Ctrl+C prints its summary and exits)
  // there is no one to tell: the worker ends quietly instead of throwing ERR_IPC_CHANNEL_CLOSED.
  const send = (message: FromWorker) => {
    if (!process.connected) process.exit(0);
    process.send!(message, (error: Error | null) => {
      if (error) process.exit(0);
    });
  };
  const ops = Number(process.env.SPORTELLO_SIM_OPS);
  const db = await openPglite();
  await migrateServerDb(db);
  process.on('message', async (message: ToWorker) => {
    if (message.type === 'stop') {
      await db.close();
      process.disconnect();
      process.exit(0);
    }
    // For the simulator's own test: this worker dies, as a crashing process would.
    if (Number(process.env.SPORTELLO_SIM_DIE_AT) === message.seed)
      process.kill(process.pid, 'SIGKILL');
    // The CPU this process spent on the seed (the parent cannot see a child's).
    const cpu = process.cpuUsage();
    const cpuMs = () => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000;
    };
    try {
      const result = await runSeed([db], { seed: message.seed, ops });
      send({ type: 'passed', result, cpuMs: cpuMs() });
    } catch (error) {
      send({
        type: 'failed',
        seed: message.seed,
        message: (error as Error).message,
        cpuMs: cpuMs(),
      });
    }
  });
  // The parent going away ends the worker too.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}
