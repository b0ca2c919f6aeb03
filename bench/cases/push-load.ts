import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { silentLogger } from '../../core/runtime/context';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { pushOutbox } from '../../core/sync/push-outbox';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport, type SyncTransport } from '../../core/sync/transport';
import { intakeFor } from '../replication-world';
import { percentile } from '../stats';
import type { BenchCase } from '../types';

/**
 * 50 desks push at once, a few rounds in a row, as a busy morning would: push latency as each
 * desk sees it (read the outbox, HTTP, the server's transaction, settle). The server runs in its
 * own process (`server/main.ts`, as `npm run server` starts it, request log included) so the
 * desks in this process do not share its event loop. It uses PostgreSQL, as the head office
 * does: a scratch database `BENCH_PG_DATABASE` (default `sportello_push_load`, dropped and
 * created) at `BENCH_PG_URL` (default postgres://127.0.0.1:5432). `BENCH_SERVER_DB=pglite` runs
 * it on PGlite instead. `BENCH_DESKS`, `BENCH_ROUNDS` and `BENCH_PORT` change the shape.
 */
const pushLoad: BenchCase = {
  name: 'push-load',
  description: '50 desks pushing at the same time to a server in its own process: p95 latency',
  async run(ctx) {
    const deskCount = Number(process.env.BENCH_DESKS ?? 50);
    const rounds = Number(process.env.BENCH_ROUNDS ?? (ctx.quick ? 4 : 10));
    const port = Number(process.env.BENCH_PORT ?? 4820);
    const onPglite = process.env.BENCH_SERVER_DB === 'pglite';
    const pgBase = (process.env.BENCH_PG_URL ?? 'postgres://127.0.0.1:5432').replace(/\/+$/, '');
    const database = process.env.BENCH_PG_DATABASE ?? 'sportello_push_load';
    const adminKey = 'bench-push-load-admin-key';
    const base = `http://127.0.0.1:${port}`;

    if (!onPglite) await recreateDatabase(pgBase, database);
    const server = startServer(
      ctx.scratchDir,
      port,
      adminKey,
      onPglite ? null : `${pgBase}/${database}`,
    );
    const desks: { desk: Desk; transport: SyncTransport }[] = [];
    try {
      await waitForHealth(base, server.child);
      ctx.log(
        `server pid ${server.child.pid} on ${onPglite ? 'PGlite' : 'PostgreSQL'}, enrolling ${deskCount} desks…`,
      );
      for (let i = 0; i < deskCount; i++)
        desks.push(await enrol(base, adminKey, path.join(ctx.scratchDir, `d${i}`), i));

      /** One round: every desk takes an intake, then all push at once. */
      const pushRound = async (round: number) => {
        for (const [i, { desk }] of desks.entries()) {
          const result = await desk.call('createIntake', intakeFor(round * deskCount + i));
          if (!result.ok) throw new Error(JSON.stringify(result.error));
        }
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const latencies = await Promise.all(
          desks.map(async ({ desk, transport }) => {
            const began = performance.now();
            const report = await pushOutbox(desk.db, transport, Date.now);
            if (report.stopped || report.rejected) throw new Error(JSON.stringify(report));
            return performance.now() - began;
          }),
        );
        const cpu = process.cpuUsage(cpuBefore);
        const took = performance.now() - started;
        const sorted = latencies.toSorted((a, b) => a - b);
        ctx.log(
          `round ${round}: ${Math.round(took)} ms, p50 ${Math.round(percentile(sorted, 50))} ms, max ${Math.round(sorted.at(-1)!)} ms`,
        );
        return { latencies, took, cpuMicros: cpu.user + cpu.system };
      };

      // The first round after the server starts is not the load it sustains: the server opens
      // its pool's connections to PostgreSQL and prepares its statements on each, and both
      // processes compile the push's code. It is reported on its own line and not counted in
      // the p95 (which it alone would set with 10 rounds: 50 of 500 samples).
      const cold = await pushRound(0);
      const samples: number[] = [];
      const serverCpuBefore = processCpuSeconds(server.child.pid!);
      const databaseCpuBefore = onPglite ? 0 : backendCpuSeconds(database);
      let pushing = 0;
      let desksCpuMicros = 0;
      for (let round = 1; round <= rounds; round++) {
        const { latencies, took, cpuMicros } = await pushRound(round);
        samples.push(...latencies);
        pushing += took;
        desksCpuMicros += cpuMicros;
      }
      const serverCpu = processCpuSeconds(server.child.pid!) - serverCpuBefore;
      const databaseCpu = onPglite ? 0 : backendCpuSeconds(database) - databaseCpuBefore;
      const metrics = (await (await fetch(`${base}/metrics`)).json()) as {
        pushLatencyP95Ms: number;
      };
      return [
        {
          metric: `push latency, ${deskCount} desks at once`,
          unit: 'ms',
          samples,
          target: { stat: 'p95', op: '<=', bound: 200 },
          note: `${rounds} rounds of one intake (one mutation with its audit row) per desk, after a first round; server ${onPglite ? 'PGlite' : 'PostgreSQL'} in its own process`,
        },
        {
          metric: 'first round after the server started (not counted above)',
          unit: 'ms',
          samples: cold.latencies,
          note: 'pool connections opened and statements prepared on them; code not yet compiled',
        },
        {
          metric: 'server-side push handling p95 (last 1000 pushes)',
          unit: 'ms',
          value: Math.round(metrics.pushLatencyP95Ms),
        },
        {
          metric: 'server process CPU per push',
          unit: 'ms',
          value: Number(((serverCpu * 1000) / samples.length).toFixed(2)),
          note: `${serverCpu.toFixed(1)} s CPU over ${(pushing / 1000).toFixed(1)} s of pushing`,
        },
        {
          metric: 'desks CPU per push (all of them in this process)',
          unit: 'ms',
          value: Number((desksCpuMicros / 1000 / samples.length).toFixed(2)),
          note: 'read the outbox, HTTP, settle the answers',
        },
        ...(onPglite
          ? []
          : [
              {
                metric: 'PostgreSQL CPU per push (its backends for this database)',
                unit: 'ms' as const,
                value: Number(((databaseCpu * 1000) / samples.length).toFixed(2)),
              },
            ]),
      ];
    } finally {
      for (const { desk } of desks) desk.close();
      await server.stop();
    }
  },
};

async function recreateDatabase(pgBase: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`bad database name ${database}`);
  const sql = postgres(`${pgBase}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${database}`);
  } finally {
    await sql.end();
  }
}

function startServer(
  scratchDir: string,
  port: number,
  adminKey: string,
  databaseUrl: string | null,
) {
  const root = path.resolve(import.meta.dirname, '../..');
  const log = fs.openSync(path.join(scratchDir, 'server.log'), 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, SPORTELLO_ADMIN_KEY: adminKey };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'server/main.ts'),
      '--port',
      String(port),
      '--data',
      path.join(scratchDir, 'server-data'),
      // On PGlite its daily backup would hold the pushes this times for a second.
      '--backups',
      'off',
    ],
    { cwd: root, env, stdio: ['ignore', log, log] },
  );
  return {
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.closeSync(log);
    },
  };
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('server did not start within 2 minutes');
}

async function enrol(base: string, adminKey: string, dir: string, i: number) {
  const code = `L${String(i).padStart(3, '0')}`;
  const headers = { 'content-type': 'application/json', 'x-admin-key': adminKey };
  const created = await fetch(`${base}/admin/sites`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      code,
      name: `Bench ${code}`,
      kind: 'reception',
      timezone: 'Europe/Rome',
      country: 'IT',
      currency: 'EUR',
    }),
  });
  if (!created.ok)
    throw new Error(`create site ${code}: ${created.status} ${await created.text()}`);
  const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };
  const fresh = openDesk({ dataDir: dir, logger: silentLogger, synchronous: 'NORMAL' });
  await enrolDesk(fresh, base, enrolmentCode);
  fresh.close();
  const desk = openDesk({ dataDir: dir, logger: silentLogger, synchronous: 'NORMAL' });
  return { desk, transport: httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!) };
}

/** CPU seconds of the PostgreSQL backends serving `database` (their titles name it). */
function backendCpuSeconds(database: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(` ${database} `))
        total += processCpuSeconds(Number(pid));
    } catch {
      // ended meanwhile, or not readable
    }
  }
  return total;
}

/** User + system CPU of a process, from /proc (Linux); 0 elsewhere. */
function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export default pushLoad;
