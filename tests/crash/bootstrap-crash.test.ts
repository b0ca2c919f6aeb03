import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferredIndexes } from '../../core/db/deferred-indexes';
import { defaultMigrationsFolder, openDatabase } from '../../core/db/open';
import { silentLogger } from '../../core/runtime/context';
import { databaseFile, openDesk } from '../../core/runtime/desk';
import { searchRebuildPending } from '../../core/search/deferred-index';
import { enrolDesk } from '../../core/sync/enrol';
import { expectOk, intakeInput, tempDir } from '../support/desk';
import { enrolledDesk } from '../support/sync-desk';
import { crashChildSetup, runAndKill } from './child-bundle';

const orders = Number(process.env.CRASH_BOOTSTRAP_ORDERS ?? 120);
const kills = Number(process.env.CRASH_BOOTSTRAP_KILLS ?? 12);
const crash = crashChildSetup(path.resolve(import.meta.dirname, 'bootstrap-loop.child.ts'), {
  server: true,
});

/**
 * Runs the bootstrap and kills it `afterMs` after its `afterPages`th page: pages applied, and
 * whether done.
 */
async function runAndKillBootstrap(dataDir: string, afterPages: number, afterMs: number) {
  const run = await runAndKill(crash.child, [dataDir, defaultMigrationsFolder], afterMs, {
    line: 'page',
    count: afterPages,
  });
  const done = run.lines.includes('done');
  if (!run.killed && (run.code !== 0 || !done))
    throw new Error(`the bootstrap stopped by itself (${run.code}): ${run.lines}${run.stderr}`);
  return { pages: run.lines.filter((line) => line === 'page').length, done };
}

const indexNames = (sqlite: Database.Database) =>
  sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .pluck()
    .all() as string[];

describe('a head-office desk killed while it bootstraps with its indexes set aside', () => {
  it('is sound after every kill, no index is ever missing without its note, and it ends complete', async () => {
    const reception = await enrolledDesk(crash.server, 'CB01');
    for (let i = 0; i < orders; i++)
      await expectOk(
        reception.call(
          'createIntake',
          intakeInput({
            customer: { mode: 'new', name: `Cliente ${i}`, phone: `+39 347 556 ${1000 + i}` },
          }),
        ),
      );
    expect((await reception.sync()).push.rejected).toBe(0);

    const dataDir = tempDir('sportello-bootstrap-crash-');
    const { code } = await crash.server.createSite('HQCB', 'head_office');
    const fresh = openDesk({ dataDir, logger: silentLogger });
    await enrolDesk(fresh, crash.server.url, code);
    fresh.close();
    const freshDb = openDatabase({ file: ':memory:' });
    const allIndexes = indexNames(freshDb.$client).sort();
    freshDb.$client.close();

    let killedWhileDeferred = 0;
    let runs = 0;
    // Up to `kills` runs killed at a random moment (a few pages in, then up to 30 ms on: between
    // pages or inside one), then one left to finish. Tied to pages, not time: ~140 pages in all.
    for (let done = false; !done;) {
      const last = ++runs > kills;
      const run = last
        ? await runAndKillBootstrap(dataDir, 1, 120_000)
        : await runAndKillBootstrap(
            dataDir,
            1 + Math.floor(Math.random() * 10),
            Math.floor(Math.random() * 30),
          );
      done = run.done;
      if (last) expect(done, 'the bootstrap did not finish').toBe(true);
      const sqlite = new Database(databaseFile(dataDir));
      try {
        const label = `after run ${runs} (${run.pages} pages${done ? ', done' : ', killed'})`;
        expect(sqlite.pragma('integrity_check'), label).toEqual([{ integrity_check: 'ok' }]);
        // Every index is there or noted to be built, never both, never neither.
        const noted = deferredIndexes(sqlite).map((index) => index.name);
        const present = indexNames(sqlite);
        expect([...present, ...noted].sort(), label).toEqual(allIndexes);
        // The note and the search flag are set in one transaction; the flag is cleared last.
        const searchPending =
          sqlite.prepare("SELECT 1 FROM settings WHERE key = 'search.rebuildPending'").get() !==
          undefined;
        if (noted.length) {
          expect(searchPending, label).toBe(true);
          if (!done) killedWhileDeferred++;
        }
        if (done)
          expect({ noted, searchPending }, label).toEqual({ noted: [], searchPending: false });
      } finally {
        sqlite.close();
      }
    }
    if (process.env.CRASH_BOOTSTRAP_VERBOSE) console.log({ runs, killedWhileDeferred });
    // Kills landed in the middle of the bootstrap, not only before or after it.
    expect(killedWhileDeferred, `of ${runs} runs`).toBeGreaterThanOrEqual(3);

    // The desk holds every order, finds each by its number, and has every index.
    const desk = openDesk({ dataDir, logger: silentLogger });
    try {
      const held = desk.db.$client
        .prepare('SELECT number FROM repair_orders ORDER BY number')
        .pluck()
        .all() as string[];
      const sent = reception.db.$client
        .prepare('SELECT number FROM repair_orders ORDER BY number')
        .pluck()
        .all() as string[];
      expect(held).toEqual(sent);
      expect(searchRebuildPending(desk.db)).toBe(false);
      expect(desk.db.$client.prepare('SELECT count(*) FROM order_search').pluck().get()).toBe(
        orders,
      );
      expect(indexNames(desk.db.$client).sort()).toEqual(allIndexes);
    } finally {
      desk.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
