import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder } from '../../core/db/open';
import { databaseFile } from '../../core/runtime/desk';
import { tempDir } from '../support/desk';
import { crashChildSetup, runAndKill } from './child-bundle';

const kills = Number(process.env.CRASH_KILLS ?? 50);
const crash = crashChildSetup(path.resolve(import.meta.dirname, 'intake-loop.child.ts'));

/** Runs the intake loop until its kill; the order numbers it confirmed. */
async function runAndKillLoop(dataDir: string, afterMs: number): Promise<string[]> {
  const run = await runAndKill(crash.child, [dataDir, defaultMigrationsFolder], afterMs);
  if (!run.killed) throw new Error(`the intake loop stopped by itself: ${run.stderr}`);
  return run.lines
    .filter((line) => line.startsWith('confirmed '))
    .map((line) => line.slice('confirmed '.length));
}

describe('a desk killed in the middle of intakes', () => {
  it(`loses nothing it confirmed and stays sound, ${kills} kills in a row`, async () => {
    const dataDir = tempDir('sportello-crash-');
    const confirmed: string[] = [];
    for (let i = 0; i < kills; i++) {
      confirmed.push(...(await runAndKillLoop(dataDir, Math.floor(Math.random() * 400))));
      const sqlite = new Database(databaseFile(dataDir), { readonly: false });
      try {
        expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        const numbers = new Set(
          (sqlite.prepare('SELECT number FROM repair_orders').all() as { number: string }[]).map(
            (r) => r.number,
          ),
        );
        const missing = confirmed.filter((n) => !numbers.has(n));
        expect(missing, `after kill ${i + 1}`).toEqual([]);
        // Every order has its event and its outbox entry: the transaction was all or nothing.
        // (NOT IN an uncorrelated list is built once; a correlated json_extract per order was
        // quadratic and took minutes once the file held a few thousand orders.)
        const orphans = sqlite
          .prepare(
            `SELECT count(*) AS n FROM repair_orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id)
             OR o.id NOT IN (SELECT json_extract(x.args, '$.order.id') FROM outbox x
                             WHERE x.name = 'order.intake' AND json_extract(x.args, '$.order.id') IS NOT NULL)`,
          )
          .get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        sqlite.close();
      }
    }
    expect(confirmed.length).toBeGreaterThan(kills);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 420_000);
});
