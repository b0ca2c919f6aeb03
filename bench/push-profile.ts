import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { silentLogger } from '../core/runtime/context';
import { openDesk } from '../core/runtime/desk';
import { enrolDesk } from '../core/sync/enrol';
import { pushOutbox } from '../core/sync/push-outbox';
import { settingsCredentialStore } from '../core/sync/sync-state';
import { httpTransport } from '../core/sync/transport';
import { buildApp } from '../server/app';
import { openServerDb, type ServerDb, type Sql } from '../server/db/connection';
import { migrateServerDb } from '../server/db/migrate';
import { createSite } from '../server/sites';
import { intakeFor } from './replication-world';

// `tsx bench/push-profile.ts --orders 20000 --backend pglite|postgres`: times one desk pushing
// its outbox (only the push half of replication-throughput). The desk and the server state
// right after enrolment are built once into bench/.cache and copied for every run, so
// iterating on the push path does not retake the intakes. `--cpu-prof` profiles as usual.

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '20000' },
    backend: { type: 'string', default: 'pglite' },
    pgBase: { type: 'string', default: 'postgres://127.0.0.1:5432' },
    timing: { type: 'boolean', default: false },
  },
});
const orders = Number(values.orders);
const backend = values.backend as 'pglite' | 'postgres';
const cached = path.join(import.meta.dirname, '.cache', `push-${backend}-${orders}`);
const pgDatabase = (name: string) => `${values.pgBase}/${name}`;
const baseDb = `push_perf_base_${orders}`;
const runDb = 'push_perf_run';

async function adminSql<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(pgDatabase('test'), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

async function build(): Promise<void> {
  console.log(`building ${cached} (${orders} intakes, once)…`);
  fs.rmSync(cached, { recursive: true, force: true });
  fs.mkdirSync(cached, { recursive: true });
  if (backend === 'postgres')
    await adminSql(async (sql) => {
      await sql.unsafe(`DROP DATABASE IF EXISTS ${baseDb}`);
      await sql.unsafe(`CREATE DATABASE ${baseDb}`);
    });
  const db = await openServerDb(
    backend === 'postgres' ? { url: pgDatabase(baseDb) } : { dataDir: path.join(cached, 'server') },
  );
  await migrateServerDb(db);
  const app = await buildApp({ db, logger: false });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const site = await createSite(
    db,
    {
      code: 'BE01',
      name: 'Bench',
      kind: 'reception',
      timezone: 'Europe/Rome',
      country: 'IT',
      currency: 'EUR',
    },
    Date.now(),
  );
  const deskDir = path.join(cached, 'desk');
  const fresh = openDesk({ dataDir: deskDir, logger: silentLogger, synchronous: 'NORMAL' });
  await enrolDesk(fresh, base, site.enrolmentCode);
  fresh.close();
  const desk = openDesk({ dataDir: deskDir, logger: silentLogger, synchronous: 'NORMAL' });
  for (let i = 0; i < orders; i++) {
    const result = await desk.call('createIntake', intakeFor(i));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  }
  desk.close();
  await app.close();
  await db.close();
}

/** CPU seconds of the PostgreSQL backends serving `database` (their titles name it). */
function backendCpuSeconds(database: string): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres:') || !title.includes(` ${database} `)) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** `--timing`: wall time per statement kind (its first words), summed over the push. */
const statementTimes = new Map<string, { n: number; ms: number }>();
function timed(db: ServerDb): ServerDb {
  const wrap = (sql: Sql): Sql => ({
    async query<T extends object>(text: string, params?: unknown[]) {
      const started = performance.now();
      try {
        return await sql.query<T>(text, params);
      } finally {
        const kind = text.replace(/\s+/g, ' ').trim().slice(0, 60);
        const entry = statementTimes.get(kind) ?? { n: 0, ms: 0 };
        entry.n++;
        entry.ms += performance.now() - started;
        statementTimes.set(kind, entry);
      }
    },
  });
  return {
    ...db,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
  };
}

async function run(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'push-profile-'));
  try {
    fs.cpSync(cached, scratch, { recursive: true });
    if (backend === 'postgres')
      await adminSql(async (sql) => {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${runDb}`);
        await sql.unsafe(`CREATE DATABASE ${runDb} TEMPLATE ${baseDb}`);
      });
    const opened = await openServerDb(
      backend === 'postgres'
        ? { url: pgDatabase(runDb) }
        : { dataDir: path.join(scratch, 'server') },
    );
    const db = values.timing ? timed(opened) : opened;
    const app = await buildApp({ db, logger: false, bodyLimit: 32 * 1024 * 1024 });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const desk = openDesk({
      dataDir: path.join(scratch, 'desk'),
      logger: silentLogger,
      synchronous: 'NORMAL',
    });
    const credentials = settingsCredentialStore(desk.db, desk.secrets).load()!;
    const transport = httpTransport({ ...credentials, serverUrl: base });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await pushOutbox(desk.db, transport, Date.now);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    desk.close();
    const serverCpu = backend === 'postgres' ? backendCpuSeconds(runDb) : 0;
    const [counts] = await db.query<{ records: string; applied: string }>(
      "SELECT (SELECT count(*) FROM records WHERE tbl <> 'audit_log')::text AS records, (SELECT count(*) FROM applied_mutations)::text AS applied",
    );
    await app.close();
    await db.close();
    if (values.timing)
      for (const [kind, { n, ms }] of [...statementTimes].sort((a, b) => b[1].ms - a[1].ms))
        console.log(`${ms.toFixed(0).padStart(8)} ms ${String(n).padStart(7)}× ${kind}`);
    const rows = orders * 4;
    console.log(
      JSON.stringify({
        backend,
        orders,
        sent: report.sent,
        accepted: report.accepted,
        rejected: report.rejected,
        records: Number(counts!.records),
        applied: Number(counts!.applied),
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(rows / seconds),
        nodeCpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
        postgresCpuSeconds: Number(serverCpu.toFixed(2)),
      }),
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(cached, 'desk'))) await build();
await run();
