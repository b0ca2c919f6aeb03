import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder } from '../../core/db/open';
import { silentLogger } from '../../core/runtime/context';
import { databaseFile, openDesk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { tempDir } from '../support/desk';
import { crashChildSetup, runAndKill } from './child-bundle';

const kills = Number(process.env.CRASH_SYNC_KILLS ?? 50);
const crash = crashChildSetup(path.resolve(import.meta.dirname, 'intake-sync-loop.child.ts'), {
  server: true,
});

interface Run {
  confirmed: string[];
  /** The step the desk was in when it was killed (the last marker it printed). */
  killedIn: string;
}

/** Runs the intake-and-sync loop and kills it a random moment after it is ready. */
async function runAndKillLoop(dataDir: string, firstIndex: number, afterMs: number): Promise<Run> {
  const run = await runAndKill(
    crash.child,
    [dataDir, defaultMigrationsFolder, String(firstIndex)],
    afterMs,
  );
  if (!run.killed) throw new Error(`the loop stopped by itself: ${run.stderr}`);
  return {
    confirmed: run.lines
      .filter((line) => line.startsWith('confirmed '))
      .map((line) => line.slice('confirmed '.length)),
    killedIn: run.lines.findLast((line) => line.startsWith('phase '))?.slice(6) ?? 'start',
  };
}

async function serverOrders(): Promise<string[]> {
  const rows = await crash.server.db.query<{ number: string }>(
    `SELECT data->>'number' AS number FROM records WHERE tbl = 'repair_orders'`,
  );
  return rows.map((r) => r.number);
}

/** The desk's state after a kill: sound, holding every confirmed order, outbox consistent. */
async function checkAfterKill(dataDir: string, confirmed: string[], label: string) {
  const sqlite = new Database(databaseFile(dataDir), { readonly: false });
  try {
    expect(sqlite.pragma('integrity_check'), label).toEqual([{ integrity_check: 'ok' }]);
    const local = (
      sqlite.prepare('SELECT id, number FROM repair_orders').all() as {
        id: string;
        number: string;
      }[]
    ).map((r) => r.number);
    const localSet = new Set(local);
    expect(
      confirmed.filter((n) => !localSet.has(n)),
      label,
    ).toEqual([]);
    // Each order is either still queued for the head office or already there; never neither.
    const queued = new Set(
      (
        sqlite
          .prepare(
            `SELECT o.number FROM outbox x JOIN repair_orders o ON o.id = json_extract(x.args, '$.order.id')
             WHERE x.name = 'order.intake'`,
          )
          .all() as { number: string }[]
      ).map((r) => r.number),
    );
    const onServer = await serverOrders();
    const atServer = new Set(onServer);
    expect(
      local.filter((n) => !queued.has(n) && !atServer.has(n)),
      label,
    ).toEqual([]);
    // The head office knows nothing the desk does not, and each order once.
    expect(
      onServer.filter((n) => !localSet.has(n)),
      label,
    ).toEqual([]);
    expect(atServer.size, label).toBe(onServer.length);
    const rejected = sqlite.prepare('SELECT count(*) AS n FROM sync_rejections').get() as {
      n: number;
    };
    expect(rejected.n, label).toBe(0);
  } finally {
    sqlite.close();
  }
}

describe('a desk killed in the middle of intakes and replication', () => {
  it(`loses nothing it confirmed, and the head office ends with each order once, ${kills} kills`, async () => {
    const dataDir = tempDir('sportello-sync-crash-');
    const { code } = await crash.server.createSite('CR01', 'reception');
    const fresh = openDesk({ dataDir, logger: silentLogger });
    await enrolDesk(fresh, crash.server.url, code);
    fresh.close();

    const confirmed: string[] = [];
    const killedIn = new Map<string, number>();
    for (let i = 0; i < kills; i++) {
      const run = await runAndKillLoop(dataDir, confirmed.length, Math.floor(Math.random() * 500));
      confirmed.push(...run.confirmed);
      killedIn.set(run.killedIn, (killedIn.get(run.killedIn) ?? 0) + 1);
      await checkAfterKill(dataDir, confirmed, `after kill ${i + 1} (in ${run.killedIn})`);
    }
    if (process.env.CRASH_SYNC_VERBOSE) console.log(Object.fromEntries(killedIn));
    // Each run takes about one intake and one round before its kill; a busy machine fewer.
    expect(confirmed.length).toBeGreaterThan(kills / 3);
    // The kills landed in every step of a round, not only between them.
    for (const phase of ['intake', 'push', 'pull', 'apply'])
      expect(killedIn.get(phase) ?? 0, `kills during ${phase}: ${[...killedIn]}`).toBeGreaterThan(
        0,
      );

    // One clean round from the restarted desk: everything confirmed reaches the head office once.
    const desk = openDesk({ dataDir, logger: silentLogger });
    try {
      const round = await syncOnce(
        desk,
        httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!),
      );
      expect(round.ok, round.error).toBe(true);
      const pending = desk.db.$client.prepare('SELECT count(*) AS n FROM outbox').get() as {
        n: number;
      };
      expect(pending.n).toBe(0);
      const local = (
        desk.db.$client.prepare('SELECT number FROM repair_orders ORDER BY number').all() as {
          number: string;
        }[]
      ).map((r) => r.number);
      const onServer = (await serverOrders()).sort();
      expect(onServer).toEqual(local);
      expect(new Set(onServer).size).toBe(onServer.length);
      expect(confirmed.filter((n) => !onServer.includes(n))).toEqual([]);
      const intakesApplied = await crash.server.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM applied_mutations WHERE name = 'order.intake'`,
      );
      expect(Number(intakesApplied[0]!.n)).toBe(local.length);
    } finally {
      desk.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
