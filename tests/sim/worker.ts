import { parentPort, workerData } from 'node:worker_threads';
import { openPglite } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { runSeed, type SimResult } from './run-seed';

export type ToWorker = { type: 'run'; seed: number } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'passed'; result: SimResult }
  | { type: 'failed'; seed: number; message: string };

/** One simulator worker thread: its own PGlite, seeds one at a time from `main.ts`. */
if (parentPort) {
  const port = parentPort;
  const { ops } = workerData as { ops: number };
  const db = await openPglite();
  await migrateServerDb(db);
  const send = (message: FromWorker) => port.postMessage(message);
  port.on('message', async (message: ToWorker) => {
    if (message.type === 'stop') {
      await db.close();
      port.close();
      process.exit(0);
    }
    try {
      send({ type: 'passed', result: await runSeed([db], { seed: message.seed, ops }) });
    } catch (error) {
      send({ type: 'failed', seed: message.seed, message: (error as Error).message });
    }
  });
  send({ type: 'ready' });
}
