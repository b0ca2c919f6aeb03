import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { peakRssMb, resetPeakRss } from './peak-memory';

// The PouchDB side of the replication benchmark: the same rows, as documents, replicated
// desk PouchDB → express-pouchdb on loopback → a second PouchDB, with PouchDB's own
// replication protocol. Every side uses one adapter: `leveldb` (files in a folder, what
// pouchdb-server stores in unless started `--in-memory`; durable, as our PostgreSQL and the
// desks' SQLite are) or `memory` (nothing on disk: PouchDB's best case).
//   serve <adapter> <folder> <desk.sqlite>   loads the desk's rows into a desk PouchDB, starts
//                         the server, times the push, prints {url, docs, pushSeconds}, then
//                         serves until stdin closes
//   bootstrap <adapter> <folder> <url>       a fresh PouchDB replicates everything from the
//                         server; prints timings

interface ReplicationResult {
  ok: boolean;
  docs_written: number;
}
interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<unknown[]>;
  replicate: {
    to(target: PouchDatabase, options: object): Promise<ReplicationResult>;
    from(source: PouchDatabase, options: object): Promise<ReplicationResult>;
  };
}
type PouchConstructor = (new (name: string, options?: object) => PouchDatabase) & {
  plugin(plugin: unknown): PouchConstructor;
  defaults(options: object): PouchConstructor;
};

const require = createRequire(import.meta.url);
const Pouch = (require('pouchdb-core') as PouchConstructor)
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-leveldb'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));
/** The server's database over HTTP (a bare URL given to a local-default PouchDB stays local). */
const remote = (url: string) => new Pouch(url, { adapter: 'http' });

/** PouchDB on the given adapter; leveldb keeps each database in a folder under `folder`. */
function localPouch(adapter: string, folder: string): PouchConstructor {
  if (adapter === 'memory') return Pouch.defaults({ adapter });
  if (adapter !== 'leveldb') throw new Error(`unknown adapter ${adapter}`);
  fs.mkdirSync(folder, { recursive: true });
  return Pouch.defaults({ adapter, prefix: `${folder}${path.sep}` });
}

/** PouchDB's own default is 100 documents per batch; 1000 is kinder to it on loopback. */
const replication = { batch_size: 1000 };

/** The rows the benchmark counts: customer, device, order and its events. */
const tables = ['customers', 'devices', 'repair_orders', 'order_events'];

function* deskDocuments(file: string): Generator<object[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    for (const table of tables) {
      let batch: object[] = [];
      for (const row of sqlite.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<{
        id: string;
      }>) {
        batch.push({ ...row, _id: `${table}:${row.id}` });
        if (batch.length === 5000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    }
  } finally {
    sqlite.close();
  }
}

async function serve(LocalPouch: PouchConstructor, file: string): Promise<void> {
  // express-pouchdb builds an Express application of its own.
  const expressPouchdb = require('express-pouchdb') as (
    pouch: unknown,
    options: object,
  ) => { listen(port: number, host: string): Server };
  const app = expressPouchdb(LocalPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/orders`;
  const desk = new LocalPouch('desk');
  let docs = 0;
  for (const batch of deskDocuments(file)) {
    await desk.bulkDocs(batch);
    docs += batch.length;
  }
  const started = performance.now();
  const pushed = await desk.replicate.to(remote(url), replication);
  const pushSeconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ url, docs, written: pushed.docs_written, pushSeconds }));
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  server.close();
}

async function bootstrap(LocalPouch: PouchConstructor, url: string): Promise<void> {
  resetPeakRss();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const pulled = await new LocalPouch('head-office').replicate.from(remote(url), replication);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    JSON.stringify({
      written: pulled.docs_written,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: peakRssMb(),
    }),
  );
}

const [mode, adapter, folder, argument] = process.argv.slice(2);
if (!adapter || !folder || !argument)
  throw new Error('usage: pouchdb-side.ts serve|bootstrap <adapter> <folder> <desk.sqlite>|<url>');
if (mode === 'serve') await serve(localPouch(adapter, folder), argument);
else if (mode === 'bootstrap') await bootstrap(localPouch(adapter, folder), argument);
else throw new Error(`unknown mode ${mode}`);
