import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SiteKind } from '../core/contract/replication';
import { silentLogger } from '../core/runtime/context';
import { openDesk, type Desk } from '../core/runtime/desk';
import { enrolDesk } from '../core/sync/enrol';
import type { PushReport } from '../core/sync/push-outbox';
import { settingsCredentialStore } from '../core/sync/sync-state';
import { httpTransport, type SyncTransport } from '../core/sync/transport';
import { buildApp } from '../server/app';
import { openPglite, openPostgres, type ServerDb } from '../server/db/connection';
import { migrateServerDb } from '../server/db/migrate';
import { createSite } from '../server/sites';

/**
 * A head-office server on loopback for the replication benchmarks: PGlite, or with DATABASE_URL
 * PostgreSQL in a fresh schema that is dropped afterwards (throughput is quoted on PostgreSQL,
 * see docs/decisions.md "Push slices").
 */
export interface BenchServer {
  url: string;
  db: ServerDb;
  app: FastifyInstance;
  enrolDesk(
    dir: string,
    code: string,
    kind: SiteKind,
  ): Promise<{ desk: Desk; transport: SyncTransport }>;
  close(): Promise<void>;
}

export async function startBenchServer(scratchDir: string): Promise<BenchServer> {
  const url = process.env.DATABASE_URL;
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const db = url
    ? await openPostgres({ url, schema })
    : await openPglite(path.join(scratchDir, 'server'));
  await migrateServerDb(db);
  const app = await buildApp({ db, logger: false, bodyLimit: 32 * 1024 * 1024 });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: base,
    db,
    app,
    async enrolDesk(dir, code, kind) {
      const created = await createSite(
        db,
        {
          code,
          name: `Bench ${code}`,
          kind,
          timezone: 'Europe/Rome',
          country: 'IT',
          currency: 'EUR',
        },
        Date.now(),
      );
      const fresh = openDesk({ dataDir: dir, logger: silentLogger, synchronous: 'NORMAL' });
      await enrolDesk(fresh, base, created.enrolmentCode);
      fresh.close();
      const desk = openDesk({ dataDir: dir, logger: silentLogger, synchronous: 'NORMAL' });
      return {
        desk,
        transport: httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!),
      };
    },
    async close() {
      await app.close();
      if (url) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    },
  };
}

/** A bench's push must take everything: it stops the bench, saying why, when it did not. */
export function assertAllAccepted(report: PushReport): void {
  if (report.stopped || report.rejected)
    throw new Error(
      `push stopped: ${report.stopped ?? 'no'}, ${report.rejected} rejected, ${report.accepted} accepted`,
    );
}

export function intakeFor(i: number) {
  return {
    customer: {
      mode: 'new' as const,
      name: `Cliente ${i}`,
      phone: `+39 347 ${String(1_000_000 + (i % 8_999_999))}`,
    },
    device: {
      mode: 'new' as const,
      category: 'phone' as const,
      brand: 'Apple',
      model: 'iPhone 14',
    },
    complaint: `Schermo rotto ${i}`,
  };
}

/**
 * Bootstrap-only benchmarking (BENCH_SEED_SERVER=1): multiplies the order rows the server holds
 * (customers, devices, orders, events, audit entries) by `factor` in plain SQL, instead of
 * taking and pushing every intake at a desk, which takes far longer than the bootstrap itself.
 * Copy k's ids have their second group replaced by `x` and k in hex (an `x` never occurs in a
 * desk's ids, so a copy never collides with an original), references rewritten the same way,
 * and order numbers suffixed with `-k`; each copy is logged as a change like a pushed row.
 */
export async function multiplyServerRows(db: ServerDb, factor: number): Promise<void> {
  const copies = factor - 1;
  const key = (k: string) =>
    `CASE WHEN data ? '${k}' THEN jsonb_build_object('${k}', overlay(data->>'${k}' placing 'x' || lpad(to_hex(k), 3, '0') from 10 for 4)) ELSE '{}'::jsonb END`;
  // One transaction: one connection of the pool holds the temporary table throughout.
  await db.transaction(async (tx) => {
    await tx.query(`CREATE TEMP TABLE bench_copies ON COMMIT DROP AS
    SELECT tbl, overlay(id placing 'x' || lpad(to_hex(k), 3, '0') from 10 for 4) AS id,
           data || ${key('id')} || ${key('customerId')} || ${key('deviceId')} || ${key('orderId')}
             || CASE WHEN tbl = 'repair_orders'
                     THEN jsonb_build_object('number', (data->>'number') || '-' || k)
                     ELSE '{}'::jsonb END AS data,
           sites, overlay(order_id placing 'x' || lpad(to_hex(k), 3, '0') from 10 for 4) AS order_id,
           updated_at, k
    FROM records, generate_series(1, ${copies}) k
    WHERE tbl IN ('customers', 'devices', 'repair_orders', 'order_events', 'audit_log')`);
    await tx.query(`INSERT INTO records (tbl, id, data, sites, order_id, updated_at)
    SELECT tbl, id, data, sites, order_id, updated_at FROM bench_copies`);
    await tx.query(`INSERT INTO change_log (tbl, id, op, sites)
    SELECT tbl, id, 'upsert', sites FROM bench_copies ORDER BY k, tbl, id`);
  });
}
