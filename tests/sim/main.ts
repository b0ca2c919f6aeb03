import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { openPglite } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { defaultOps, replayCommand, runSeed, type SimResult } from './run-seed';
import type { FromWorker, ToWorker } from './worker';

/**
 * `npm run sim -- --seeds N [--from S|random] [--ops K] [--workers W] [--json FILE]` runs N
 * seeded worlds on W worker processes (each with its own in-memory PGlite, emptied between
 * seeds: starting PGlite costs seconds; each worker is replaced after `--recycle` seeds, so a
 * long run's memory stays flat); `--seed S` replays one and prints its counts.
 * `--ops` is per desk (see `SimOptions.ops`). W defaults to every core the memory allows (a
 * worker grows to ~1.2 GB before it is replaced).
 *
 * `--budget SECONDS` makes N a ceiling: no seed starts that would not end within the budget
 * (by the mean seed so far), once `--min-seeds` have started. `npm test` runs 2 000 seeds within
 * 180 s that way: all of them on a machine with enough cores, as many as fit on a small one.
 * Exits 1 when any seed fails, or when the run ends short of N for any other reason.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    seed: { type: 'string' },
    from: { type: 'string', default: '1' },
    ops: { type: 'string', default: String(defaultOps) },
    workers: { type: 'string', default: String(defaultWorkers()) },
    budget: { type: 'string', default: '0' },
    'min-seeds': { type: 'string', default: '0' },
    json: { type: 'string' },
    'max-failures': { type: 'string', default: '20' },
    progress: { type: 'string', default: '0' },
    recycle: { type: 'string', default: '250' },
  },
});
const ops = Number(values.ops);

/**
 * One worker a core, as far as the memory goes: a worker reaches ~1.2 GB by its recycling. The
 * memory is the machine's, or a container's limit where that is lower (cgroups; Node reports no
 * limit as 0 or as a huge number).
 */
function defaultWorkers(): number {
  const limit = process.constrainedMemory();
  const memory = limit > 0 ? Math.min(limit, os.totalmem()) : os.totalmem();
  const byMemory = Math.floor(memory / (1.5 * 1024 ** 3));
  return Math.max(1, Math.min(os.availableParallelism(), byMemory));
}

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
const recycleAfter = Math.max(1, Number(values.recycle));
const workers = Math.max(1, Math.min(Number(values.workers), count));
const budgetMs = Number(values.budget) * 1000;
const minSeeds = Number(values['min-seeds']);
console.log(
  `sim: seeds ${from}..${from + count - 1}, 3 desks × ${ops} operations each, all faults on, ${workers} worker(s)` +
    (budgetMs ? `, within ${values.budget} s (at least ${minSeeds} seeds)` : ''),
);

const started = performance.now();
const totals = {
  intakes: 0,
  transitions: 0,
  syncs: 0,
  crashes: 0,
  delayed: 0,
  overtaken: 0,
  reenrolments: 0,
  photos: 0,
  customerEdits: 0,
  erasures: 0,
  stockMoves: 0,
  partEdits: 0,
  newUsers: 0,
  failedSignIns: 0,
  replacements: 0,
  ownSeries: 0,
  archives: 0,
  accepted: 0,
  rejected: 0,
  paidOrders: 0,
};
const failures: { seed: number; message: string; replay: string }[] = [];
let next = 0;
let passed = 0;
let stopping = false;

/** Wall time of the seeds done so far, to tell whether one more fits in the budget. */
let seedWallMs = 0;
let seedsTimed = 0;
/** Set when the budget, not the seed count, ended the run. */
let budgetSpent = false;

/** Hands seeds out one at a time, so a slow seed never leaves the other worker idle. */
function nextSeed(): number | null {
  if (stopping || next >= count) return null;
  if (budgetMs && next >= minSeeds) {
    const meanSeedMs = seedsTimed ? seedWallMs / seedsTimed : 0;
    if (performance.now() - started + meanSeedMs > budgetMs) {
      budgetSpent = true;
      return null;
    }
  }
  return from + next++;
}

/** When every worker had its PGlite up: the per-seed figures count from there. */
let warm: { at: number } | undefined;
/** Seeds a worker is running now: an interrupted run names them, so the next leg can rerun them. */
const inFlight = new Set<number>();
let ready = 0;
/** CPU the workers spent in seeds (each reports its own; their start-up is not counted). */
let seedCpuMs = 0;

function record(message: FromWorker): void {
  if (message.type === 'ready') {
    if (++ready === workers) warm = { at: performance.now() };
    return;
  }
  seedCpuMs += message.cpuMs;
  if (message.type === 'passed') {
    passed++;
    const result: SimResult = message.result;
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
  } else if (message.type === 'failed') {
    failures.push({
      seed: message.seed,
      message: message.message,
      replay: replayCommand({ seed: message.seed, ops }),
    });
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

/**
 * One worker process: seeds from `nextSeed` until there are none or it has run `recycleAfter`.
 * A worker that dies in a seed (a crash of the process itself) fails that seed.
 */
function runWorker(): Promise<'recycle' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./worker.ts', import.meta.url), {
      env: { ...process.env, SPORTELLO_SIM_OPS: String(ops) },
      serialization: 'advanced',
    });
    let ran = 0;
    let running: number | null = null;
    let runningSince = 0;
    let ending: 'recycle' | 'done' | null = null;
    const send = (message: ToWorker) => child.send(message);
    child.on('message', (message: FromWorker) => {
      record(message);
      if (message.type !== 'ready') {
        if (running !== null) inFlight.delete(running);
        running = null;
        ran++;
        seedWallMs += performance.now() - runningSince;
        seedsTimed++;
      }
      const seed = ran < recycleAfter ? nextSeed() : null;
      if (seed === null) {
        ending = ran < recycleAfter ? 'done' : 'recycle';
        send({ type: 'stop' });
      } else {
        running = seed;
        runningSince = performance.now();
        inFlight.add(seed);
        send({ type: 'run', seed });
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (ending) return resolve(ending);
      if (running !== null) inFlight.delete(running);
      if (running !== null)
        record({
          type: 'failed',
          seed: running,
          message: `the worker process died (${signal ?? `exit code ${code}`})`,
          cpuMs: 0,
        });
      resolve('recycle');
    });
  });
}

await Promise.all(
  Array.from({ length: workers }, async () => {
    while ((await runWorker()) === 'recycle' && !stopping && !budgetSpent && next < count);
  }),
);

finish(false);

/** The summary line, the replay command of every failed seed, and the JSON for `npm test`. */
function finish(interrupted: boolean): never {
  const seconds = (performance.now() - started) / 1000;
  const ran = passed + failures.length;
  const steadySeconds = (performance.now() - (warm?.at ?? started)) / 1000;
  console.log(
    `${interrupted ? 'INTERRUPTED after ' : ''}${ran} seeds × 3 desks × ${ops} ops in ${seconds.toFixed(1)} s ` +
      `(after start-up: ${(ran / steadySeconds).toFixed(2)} seeds/s, ` +
      `${(seedCpuMs / Math.max(ran, 1)).toFixed(0)} CPU-ms a seed): ` +
      `${failures.length} failed; ${totals.intakes} intakes, ${totals.transitions} moves, ` +
      `${totals.syncs} syncs, ${totals.crashes} crashes, ${totals.delayed} late pushes, ` +
      `${totals.overtaken} overtaken pushes sent again, ` +
      `${totals.reenrolments} desks enrolled again, ${totals.photos} photos, ` +
      `${totals.customerEdits} customer edits, ${totals.erasures} erasures, ` +
      `${totals.stockMoves} stock movements booked, ${totals.partEdits} price changes, ` +
      `${totals.newUsers} people added, ${totals.failedSignIns} failed sign-ins, ` +
      `${totals.replacements} computers replaced ` +
      `(${totals.ownSeries} as a counter with a series of its own), ` +
      `${totals.archives} change logs archived; ` +
      `${totals.accepted} accepted, ${totals.rejected} refused, ${totals.paidOrders} orders paid`,
  );
  if (budgetSpent && !interrupted)
    console.log(
      `the ${values.budget} s budget ended the run after ${ran} of ${count} seeds (${workers} worker(s)); resume with --from ${from + ran}`,
    );
  if (interrupted) {
    // Every seed below the first unfinished one ran to its end; the next leg starts there.
    const unfinished = [...inFlight].sort((a, b) => a - b);
    const resumeAt = unfinished[0] ?? from + next;
    console.log(
      `unfinished: ${unfinished.length ? unfinished.join(', ') : 'none'}; every seed from ${from} to ${resumeAt - 1} ran; resume with --from ${resumeAt}`,
    );
  }
  for (const failure of failures) console.log(`FAILED seed ${failure.seed}: ${failure.replay}`);
  if (values.json)
    fs.writeFileSync(
      values.json,
      JSON.stringify({
        from,
        seeds: ran,
        planned: count,
        budgetSeconds: budgetMs / 1000,
        workers,
        ops,
        passed,
        failed: failures.length,
        seconds,
        failures,
      }),
    );
  process.exit(failures.length || (ran < count && !(budgetSpent && !interrupted)) ? 1 : 0);
}
