import { parseArgs } from 'node:util';
import { openPglite } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { runSeed } from './run-seed';

/**
 * `npm run sim -- --seeds N [--from S] [--ops K]` runs N seeded worlds; `--seed S` replays one.
 * One PGlite serves every seed (emptied in between): starting PGlite costs seconds.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    seed: { type: 'string' },
    from: { type: 'string', default: '1' },
    ops: { type: 'string', default: '200' },
  },
});
const ops = Number(values.ops);
const seeds = values.seed
  ? [Number(values.seed)]
  : Array.from({ length: Number(values.seeds) }, (_, i) => Number(values.from) + i);

const db = await openPglite();
await migrateServerDb(db);
const started = performance.now();
let failed = 0;
const totals = { intakes: 0, transitions: 0, syncs: 0, crashes: 0, accepted: 0, rejected: 0 };
for (const seed of seeds) {
  try {
    const result = await runSeed([db], { seed, ops });
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
    if (values.seed) console.log(result);
  } catch (error) {
    failed++;
    console.error(`seed ${seed} FAILED: ${(error as Error).message}`);
    if (failed >= 5) break;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${seeds.length} seeds × ${ops} ops in ${seconds.toFixed(1)} s: ${failed} failed; ` +
    `${totals.intakes} intakes, ${totals.transitions} transitions, ${totals.syncs} syncs, ${totals.crashes} crashes; ` +
    `${totals.accepted} accepted, ${totals.rejected} refused`,
);
await db.close();
process.exit(failed ? 1 : 0);
