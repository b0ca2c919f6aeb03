import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultMigrationsFolder } from '../core/db/open';
import { databaseFile, openDesk } from '../core/runtime/desk';
import { seedDemoData } from '../core/seed/demo-data';
import type { BenchContext } from './types';

/** Bump when the seeder changes what it writes, so cached fixtures are rebuilt. */
export const fixtureVersion = 2;

/** The instant the fixture's year of history ends: fixed, so every machine builds the same data. */
export const fixtureNow = Date.parse('2026-11-26T12:00:00Z');

/** Schema changes also invalidate the cache: the key includes a hash of the migrations. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(defaultMigrationsFolder).sort()) {
    if (file.endsWith('.sql'))
      hash.update(fs.readFileSync(path.join(defaultMigrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 10);
}

/** What else shapes a fixture besides its number of orders. */
export interface FixtureShape {
  /** The seeder's share of orders from returning customers (its default when absent). */
  returningShare?: number;
}

/**
 * A desk data folder holding `orders` seeded demo orders, copied into the case's scratch folder.
 * The seeded database is built once into the cache folder and reused by later runs.
 */
export function seededDeskCopy(
  ctx: BenchContext,
  orders = 100_000,
  shape: FixtureShape = {},
): string {
  const share = shape.returningShare === undefined ? '' : `-r${shape.returningShare}`;
  const key = `desk-${orders}${share}-v${fixtureVersion}-${migrationsHash()}`;
  const cached = path.join(ctx.cacheDir, key);
  if (!fs.existsSync(databaseFile(cached))) buildFixture(ctx, cached, orders, shape);
  const copy = fs.mkdtempSync(path.join(ctx.scratchDir, 'desk-'));
  fs.copyFileSync(databaseFile(cached), databaseFile(copy));
  return copy;
}

function buildFixture(
  ctx: BenchContext,
  target: string,
  orders: number,
  shape: FixtureShape,
): void {
  ctx.log(`building the ${orders}-order fixture in ${target} (once; later runs reuse it)`);
  const building = `${target}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  const desk = openDesk({ dataDir: building, now: () => fixtureNow });
  try {
    const summary = seedDemoData(desk, {
      orders,
      seed: `bench-v${fixtureVersion}`,
      languageWeights: { it: 6, ru: 2, en: 2 },
      now: fixtureNow,
      ...shape,
      onProgress: (done, total) => {
        if (done % 20_000 === 0 || done === total) ctx.log(`  seeded ${done} of ${total}`);
      },
    });
    ctx.log(
      `  fixture seeded in ${(summary.ms / 1000).toFixed(1)} s: ${summary.customers} customers, ${summary.devices} devices`,
    );
  } finally {
    desk.close();
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(building, target);
}
