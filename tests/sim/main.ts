import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { openPglite } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { defaultOps, replayCommand, runSeed, type SimResult } from './run-seed';
import type { FromWorker, ToWorker } from './worker';

/**
 * `npm run sim -- --seeds N [--from S|random] [--ops K] [--workers W] [--json FILE]` runs N
 * seeded worlds on W worker threads (each with its own in-memory PGlite, emptied between
 * seeds: starting PGlite costs seconds); `--seed S` replays one and prints its counts.
 * `--ops` is per desk (see `SimOptions.ops`). Exits 1 when any seed fails.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    seed: { type: 'string' },
    from: { type: 'string', default: '1' },
    ops: { type: 'string', default: String(defaultOps) },
    workers: { type: 'string', default: String(Math.min(2, os.availableParallelism())) },
    json: { type: 'string' },
    'max-failures': { type: 'string', default: '20' },
    progress: { type: 'string', default: '0' },
  },
});
const ops = Number(values.ops);

if (values.seed) {
  const db = await openPglite();
  await migrateServerDb(db);
  try {
    console.log(await runSeed([db], { seed: Number(values.seed), ops }));
    process.exit(0);
  } catch (error) {
    console.error((error as Error).stack);
    process.exit(1);
  }
}

const from =
  values.from === 'random' ? 1 + Math.floor(Math.random() * 2 ** 30) : Number(values.from);
const count = Number(values.seeds);
const maxFailures = Number(values['max-failures']);
const progressEvery = Number(values.progress);
const workers = Math.max(1, Math.min(Number(values.workers), count));
console.log(
  `sim: seeds ${from}..${from + count - 1}, 3 desks × ${ops} operations each, all faults on, ${workers} worker(s)`,
);

const started = performance.now();
const totals = {
  intakes: 0,
  transitions: 0,
  syncs: 0,
  crashes: 0,
  delayed: 0,
  accepted: 0,
  rejected: 0,
  paidOrders: 0,
};
const failures: { seed: number; message: string }[] = [];
let next = 0;
let passed = 0;
let stopping = false;

/** Hands seeds out one at a time, so a slow seed never leaves the other worker idle. */
function nextSeed(): number | null {
  if (stopping || next >= count) return null;
  return from + next++;
}

/** When every worker had its PGlite up: the per-seed figures count from there. */
let warm: { at: number; cpu: NodeJS.CpuUsage } | undefined;
let ready = 0;

function record(message: FromWorker): void {
  if (message.type === 'ready') {
    if (++ready === workers) warm = { at: performance.now(), cpu: process.cpuUsage() };
    return;
  }
  if (message.type === 'passed') {
    passed++;
    const result: SimResult = message.result;
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
  } else if (message.type === 'failed') {
    failures.push({ seed: message.seed, message: message.message });
    console.error(`seed ${message.seed} FAILED: ${message.message}`);
    if (failures.length >= maxFailures) stopping = true;
  }
  const done = passed + failures.length;
  if (progressEvery && done % progressEvery === 0) {
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${new Date().toISOString()} ${done} seeds, ${failures.length} failed, ${seconds.toFixed(0)} s, ${(done / seconds).toFixed(2)} seeds/s`,
    );
  }
}

// Stopped early (a long run at its deadline): report what completed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => finish(true));

await Promise.all(
  Array.from(
    { length: workers },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./worker.ts', import.meta.url), {
          workerData: { ops },
        });
        const send = (message: ToWorker) => worker.postMessage(message);
        worker.on('message', (message: FromWorker) => {
          record(message);
          const seed = nextSeed();
          if (seed === null) send({ type: 'stop' });
          else send({ type: 'run', seed });
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      }),
  ),
);

finish(false);

/** The summary line, the replay command of every failed seed, and the JSON for `npm test`. */
function finish(interrupted: boolean): never {
  const seconds = (performance.now() - started) / 1000;
  const ran = passed + failures.length;
  const cpu = process.cpuUsage(warm?.cpu);
  const steady = {
    seconds: (performance.now() - (warm?.at ?? started)) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  console.log(
    `${interrupted ? 'INTERRUPTED after ' : ''}${ran} seeds × 3 desks × ${ops} ops in ${seconds.toFixed(1)} s ` +
      `(after start-up: ${(ran / steady.seconds).toFixed(2)} seeds/s, ` +
      `${((steady.cpuSeconds / Math.max(ran, 1)) * 1000).toFixed(0)} CPU-ms a seed): ` +
      `${failures.length} failed; ${totals.intakes} intakes, ${totals.transitions} moves, ` +
      `${totals.syncs} syncs, ${totals.crashes} crashes, ${totals.delayed} late pushes; ` +
      `${totals.accepted} accepted, ${totals.rejected} refused, ${totals.paidOrders} orders paid`,
  );
  for (const failure of failures)
    console.log(`FAILED seed ${failure.seed}: ${replayCommand({ seed: failure.seed, ops })}`);
  if (values.json)
    fs.writeFileSync(
      values.json,
      JSON.stringify({ from, seeds: ran, ops, passed, failed: failures.length, seconds, failures }),
    );
  process.exit(failures.length || ran < count ? 1 : 0);
}
