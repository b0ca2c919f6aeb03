import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { CreateSiteRequest, SiteKind } from '../../core/contract/replication';
import { buildApp, type AppOptions } from '../../server/app';
import { openPglite, openPostgres, type ServerDb } from '../../server/db/connection';
import { migrateServerDb } from '../../server/db/migrate';
import { createSite } from '../../server/sites';

export const postgresUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type Backend = 'pglite' | 'postgres';
export const backends: Backend[] = ['pglite', 'postgres'];

/**
 * A schema of its own in the PostgreSQL at 127.0.0.1:5432, opened as the server opens it, and an
 * admin connection beside it. `dropSchema` drops the schema and ends the admin connection; the
 * caller closes `db` before it.
 */
export async function scratchPostgres(
  prefix: string,
  max: number,
): Promise<{ db: ServerDb; admin: postgres.Sql; schema: string; dropSchema: () => Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  const db = await openPostgres({ url: postgresUrl, schema, max });
  return {
    db,
    admin,
    schema,
    dropSchema: async () => {
      await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/** Opening PGlite costs seconds (WASM start): one per test worker, emptied between tests. */
let sharedPglite: Promise<ServerDb> | null = null;

async function pgliteForTests(): Promise<ServerDb> {
  sharedPglite ??= openPglite().then(async (db) => {
    await migrateServerDb(db);
    return db;
  });
  const db = await sharedPglite;
  await emptyServerDb(db);
  return db;
}

/** For a `beforeAll`: pays PGlite's start-up once, outside any single test's time limit. */
export async function warmUpBackend(backend: Backend): Promise<void> {
  if (backend === 'pglite') await pgliteForTests();
}

export async function emptyServerDb(db: ServerDb): Promise<void> {
  await db.query(
    'TRUNCATE site_registry, series_codes, desks, enrolment_codes, records, change_log, change_log_horizon, series_numbers, applied_mutations, blobs, blob_chunks RESTART IDENTITY',
  );
}

/**
 * Waits until a pull can read every change this server logged. A pull reads only changes older
 * than the oldest transaction still running anywhere in the PostgreSQL cluster
 * (`pg_snapshot_xmin` is cluster-wide), so another test file's open transaction holds it back for
 * a moment; a test that syncs once and then asserts waits here first. On PGlite (one connection)
 * everything is readable at once.
 */
export async function untilPullsSeeEverything(db: ServerDb, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [row] = await db.query<{ readable: boolean; xmin: string }>(
      `SELECT coalesce((SELECT xid FROM change_log ORDER BY xid DESC LIMIT 1)
                         < pg_snapshot_xmin(pg_current_snapshot()), true) AS readable,
              pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
    );
    if (row!.readable) return;
    if (performance.now() > deadline)
      throw new Error(
        `a transaction older than the last change (xmin ${row!.xmin}) stayed open ` +
          `${timeoutMs / 1000} s: pulls cannot see everything`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function openInstances(n: number, schema: string): Promise<ServerDb[]> {
  const dbs: ServerDb[] = [];
  for (let i = 0; i < n; i++) dbs.push(await openPostgres({ url: postgresUrl, schema, max: 5 }));
  return dbs;
}

/** A site in Rome, in euros, as the tests create them. */
export function testSiteRequest(
  code: string,
  kind: SiteKind,
  extra: Partial<CreateSiteRequest> = {},
): CreateSiteRequest {
  return {
    code,
    name: `Site ${code}`,
    kind,
    timezone: 'Europe/Rome',
    country: 'IT',
    currency: 'EUR',
    ...extra,
  };
}

export interface TestServer {
  backend: Backend;
  /** The PostgreSQL schema this server works in. */
  schema: string;
  /** The first instance's base URL. */
  url: string;
  urls: string[];
  db: ServerDb;
  apps: FastifyInstance[];
  adminKey: string;
  createSite(
    code: string,
    kind: SiteKind,
    extra?: Partial<CreateSiteRequest>,
  ): Promise<{ siteId: string; code: string }>;
  /** Stops listening (the database stays) — the head office is down. */
  stop(): Promise<void>;
  /** Starts again on the same ports. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One server for a whole `describe`: started (after PGlite's warm-up) in its `beforeAll`, closed
 * in its `afterAll`. Call it in the `describe`'s body; the function it gives reads the server.
 */
export function serverForSuite(
  backend: Backend = 'pglite',
  options: Parameters<typeof startTestServer>[1] = {},
): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    await warmUpBackend(backend);
    server = await startTestServer(backend, options);
  }, 120_000);
  afterAll(() => server?.close());
  return () => server!;
}

/**
 * The head-office server on real HTTP (127.0.0.1, a free port): PGlite in memory, or a fresh
 * schema in the PostgreSQL at 127.0.0.1:5432 that is dropped afterwards. `instances` > 1 runs
 * several Fastify apps, each with its own connection pool, on the one database.
 */
export async function startTestServer(
  backend: Backend,
  options: { instances?: number } & Partial<AppOptions> = {},
): Promise<TestServer> {
  const schema = `sync_test_${randomBytes(6).toString('hex')}`;
  const dbs: ServerDb[] =
    backend === 'pglite'
      ? [await pgliteForTests()]
      : await openInstances(options.instances ?? 1, schema);
  await migrateServerDb(dbs[0]!);
  const adminKey = randomBytes(16).toString('hex');
  const apps: FastifyInstance[] = [];
  const urls: string[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    const app = await buildApp({
      ...options,
      db: dbs[i] ?? dbs[0]!,
      adminKey,
      logger: options.logger ?? false,
    });
    urls.push(await app.listen({ host: '127.0.0.1', port: 0 }));
    apps.push(app);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(apps.map((app) => app.close()));
  };
  const restart = async () => {
    for (const [i, url] of urls.entries()) {
      const app = await buildApp({
        ...options,
        db: dbs[i] ?? dbs[0]!,
        adminKey,
        logger: options.logger ?? false,
      });
      await app.listen({ host: '127.0.0.1', port: Number(new URL(url).port) });
      apps[i] = app;
    }
    stopped = false;
  };
  return {
    backend,
    schema,
    url: urls[0]!,
    urls,
    db: dbs[0]!,
    apps,
    adminKey,
    async createSite(code, kind, extra = {}) {
      const created = await createSite(dbs[0]!, testSiteRequest(code, kind, extra), Date.now());
      return { siteId: created.site.id, code: created.enrolmentCode };
    },
    stop,
    restart,
    async close() {
      await stop();
      if (backend === 'postgres') {
        await Promise.all(dbs.map((db) => db.close()));
        const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    },
  };
}
