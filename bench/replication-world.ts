import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SiteKind } from '../core/contract/replication';
import { silentLogger } from '../core/runtime/context';
import { openDesk, type Desk } from '../core/runtime/desk';
import { enrolDesk } from '../core/sync/enrol';
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
