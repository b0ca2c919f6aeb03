import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder } from '../../core/db/open';
import { silentLogger } from '../../core/runtime/context';
import { databaseFile, openDesk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { tempDir } from '../support/desk';
import { startTestServer, type TestServer } from '../support/sync-server';
import { bundleChild } from './child-bundle';

const kills = Number(process.env.CRASH_SYNC_KILLS ?? 50);
let child: string;
let server: TestServer;

beforeAll(async () => {
  child = await bundleChild(path.resolve(import.meta.dirname, 'intake-sync-loop.child.ts'));
  server = await startTestServer('pglite');
}, 120_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(path.dirname(child), { recursive: true, force: true });
});

interface Run {
  confirmed: string[];
  /** The step the desk was in when it was killed (the last marker it printed). */
  killedIn: string;
}

/** Starts the intake-and-sync loop and kills it with SIGKILL a random moment after it is ready. */
function runAndKill(dataDir: string, firstIndex: number, afterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [child, dataDir, defaultMigrationsFolder, String(firstIndex)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      const first = !out.includes('ready\n');
      out += chunk.toString();
      if (first && out.includes('ready\n')) setTimeout(() => proc.kill('SIGKILL'), afterMs);
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the loop stopped by itself: ${err}`));
      const lines = out.split('\n').filter(Boolean);
      resolve({
        confirmed: lines
          .filter((line) => line.startsWith('confirmed '))
          .map((line) => line.slice('confirmed '.length)),
        killedIn: lines.findLast((line) => line.startsWith('phase '))?.slice(6) ?? 'start',
      });
    });
  });
}

async function serverOrders(): Promise<string[]> {
  const rows = await server.db.query<{ number: string }>(
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
    const { code } = await server.createSite('CR01', 'reception');
    const fresh = openDesk({ dataDir, logger: silentLogger });
    await enrolDesk(fresh, server.url, code);
    fresh.close();

    const confirmed: string[] = [];
    const killedIn = new Map<string, number>();
    for (let i = 0; i < kills; i++) {
      const run = await runAndKill(dataDir, confirmed.length, Math.floor(Math.random() * 500));
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
      const intakesApplied = await server.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM applied_mutations WHERE name = 'order.intake'`,
      );
      expect(Number(intakesApplied[0]!.n)).toBe(local.length);
    } finally {
      desk.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
