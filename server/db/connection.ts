import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock';
import { PgliteStatements } from './pglite-statements';

/**
 * The little the server needs from PostgreSQL, the same over PGlite (embedded default) and
 * postgres-js (production): parameterised queries, transactions, LISTEN/NOTIFY. Every query
 * is plain SQL that runs on both.
 */
export interface Sql {
  query<T extends object>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface ServerDb extends Sql {
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
  /** How many connections it may open (PGlite: one, in the process). */
  readonly connections: number;
  /**
   * PGlite in a folder only: the folder as a gzipped tar, taken between queries after a
   * checkpoint (`pglite-backup.ts`).
   */
  dumpDataDir?: () => Promise<Blob>;
  /** PGlite in a folder: the folder. */
  readonly dataDir?: string;
}

/**
 * PGlite in a data folder, or in memory when `dataDir` is undefined. A folder is locked for this
 * process while it is open (`data-dir-lock.ts`): one held by another process throws
 * `DataDirInUse`, and `purpose` is what this process is said to be doing to the next one.
 */
export async function openPglite(
  dataDir?: string,
  purpose = `process ${process.pid}`,
): Promise<ServerDb> {
  const unlock = dataDir ? lockDataDir(dataDir, purpose) : () => {};
  // In memory (tests, the simulator) the write-ahead log lives in the process too: PostgreSQL's
  // default lets it reach 1 GB before a checkpoint recycles it; a long simulator run got there.
  let pg: PGlite;
  try {
    pg = dataDir
      ? new PGlite(dataDir)
      : new PGlite({ postgresqlconf: ['max_wal_size = 64MB', 'min_wal_size = 32MB'] });
    await pg.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  // As on PostgreSQL (see `openPostgres`): prepared statements get a plan for their parameters.
  await pg.exec('SET plan_cache_mode = force_custom_plan');
  const statements = new PgliteStatements(pg);
  return {
    kind: 'pglite',
    connections: 1,
    query: async <T extends object>(text: string, params: unknown[] = []) =>
      statements.accepts(text, params)
        ? statements.run<T>(text, params as never[], false)
        : (await pg.query<T>(text, params)).rows,
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({
          query: async <T extends object>(text: string, params: unknown[] = []) =>
            statements.accepts(text, params)
              ? statements.run<T>(text, params as never[], true)
              : (await tx.query<T>(text, params)).rows,
        }),
      ),
    listen: async (channel, onNotify) => {
      const unlisten = await pg.listen(channel, onNotify);
      return () => unlisten();
    },
    ...(dataDir
      ? {
          dataDir,
          dumpDataDir: async () => {
            await pg.exec('CHECKPOINT');
            return pg.dumpDataDir('gzip');
          },
        }
      : {}),
    close: async () => {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}

export interface PostgresOptions {
  url: string;
  /** A schema to work in (tests use one per run); created when missing. */
  schema?: string;
  max?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<ServerDb> {
  const connections = options.max ?? 10;
  const client = postgres(options.url, {
    max: connections,
    onnotice: () => {},
    // Prepared statements are planned for their parameters each time: a generic plan for the
    // push's `jsonb_to_recordset` joins scanned whole tables once they grew.
    connection: {
      // How an administrator tells the server's connections in `pg_stat_activity`.
      application_name: options.schema ? `sportello-server/${options.schema}` : 'sportello-server',
      plan_cache_mode: 'force_custom_plan',
      ...(options.schema ? { search_path: options.schema } : {}),
    },
  });
  if (options.schema) await client.unsafe(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  // Statements with parameters are prepared once per connection (named, cached by text): the
  // server sends the same few statements over and over, and planning them each time showed up
  // in push latency under load. Parameterless ones (migrations) stay on the simple protocol.
  const wrap = (run: postgres.Sql | postgres.TransactionSql): Sql => ({
    query: async <T extends object>(text: string, params: unknown[] = []) =>
      (await run.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: params.length > 0,
      })) as unknown as T[],
  });
  return {
    kind: 'postgres',
    connections,
    ...wrap(client),
    transaction: async (fn) =>
      (await client.begin((tx) => fn(wrap(tx)))) as Awaited<ReturnType<typeof fn>>,
    listen: async (channel, onNotify) => {
      const subscription = await client.listen(channel, () => onNotify());
      return () => subscription.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** `DATABASE_URL` when set (PostgreSQL), else PGlite in the given folder. */
export async function openServerDb(options: {
  dataDir?: string;
  url?: string;
  purpose?: string;
}): Promise<ServerDb> {
  if (options.url) return openPostgres({ url: options.url });
  return openPglite(options.dataDir, options.purpose);
}
