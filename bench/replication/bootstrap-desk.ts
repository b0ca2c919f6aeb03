import { count } from 'drizzle-orm';
import fs from 'node:fs';
import { silentLogger } from '../../core/runtime/context';
import { openDesk } from '../../core/runtime/desk';
import { repairOrders } from '../../core/db/schema';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { peakRssMb, resetPeakRss } from './peak-memory';

// A head-office desk's first sync, alone in this process so that its peak memory and CPU time
// are the desk's own (the server runs in the benchmark's process). Prints one JSON line.
// Run from an esbuild bundle with the desk's V8 flags, as the shipped desk's main process runs.
// Usage: bootstrap-desk.ts <enrolled desk folder> <migrations folder>

const [dataDir, migrationsFolder] = process.argv.slice(2);
if (!dataDir || !migrationsFolder)
  throw new Error('usage: bootstrap-desk <desk folder> <migrations folder>');
// The desk's own durability settings (synchronous FULL): a bootstrap commits once per page. As
// the shipped desk (Electron's main process, the browser mode), a worker thread checkpoints.
const desk = openDesk({
  dataDir,
  migrationsFolder,
  logger: silentLogger,
  backgroundCheckpoints: true,
});
const transport = httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!);
const loadedPeakRssMb = peakRssMb();
const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
// The figure is the desk process's peak while it bootstraps (its resident memory included).
resetPeakRss();
const cpuBefore = process.cpuUsage();
const started = performance.now();
// BENCH_DEFER_INDEXES_ABOVE compares with indexes maintained row by row (a number above the size).
const deferAbove = process.env.BENCH_DEFER_INDEXES_ABOVE;
// BENCH_MEM_TRACE=1 prints, after each page, where the memory is (to stderr).
const traceMemory = process.env.BENCH_MEM_TRACE === '1';
function memoryNow() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const mb = (key: string) =>
    Math.round(Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024);
  const heap = process.memoryUsage();
  return {
    peakMb: peakRssMb(),
    anonMb: mb('RssAnon'),
    fileMb: mb('RssFile'),
    heapTotalMb: Math.round(heap.heapTotal / 2 ** 20),
    heapUsedMb: Math.round(heap.heapUsed / 2 ** 20),
    externalMb: Math.round(heap.external / 2 ** 20),
  };
}
// BENCH_PAGE_SIZE compares page sizes (the desk's default otherwise).
const pageSize = process.env.BENCH_PAGE_SIZE;
// The last page's progress marks where a deferred search rebuild (if any) begins.
let lastPageAt = 0;
const round = await syncOnce(desk, transport, {
  ...(deferAbove ? { deferIndexesAbove: Number(deferAbove) } : {}),
  ...(pageSize ? { pageSize: Number(pageSize) } : {}),
  onProgress: () => {
    lastPageAt = performance.now();
    if (traceMemory) console.error(JSON.stringify(memoryNow()));
  },
});
const finishingSeconds = (performance.now() - lastPageAt) / 1000;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const orders = desk.db.select({ n: count() }).from(repairOrders).get()!.n;
// The search index, rebuilt at the bootstrap's end when it was deferred, must hold every order.
const searchIndexed = (
  desk.db.$client.prepare('SELECT count(*) AS n FROM order_search').get() as { n: number }
).n;
desk.close();
console.log(
  JSON.stringify({
    ok: round.ok,
    error: round.error,
    pulled: round.pulled,
    pages: round.pages,
    orders,
    searchIndexed,
    seconds,
    finishingSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    startRssMb,
    loadedPeakRssMb,
  }),
);
