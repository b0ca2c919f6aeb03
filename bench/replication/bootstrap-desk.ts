import { count } from 'drizzle-orm';
import { silentLogger } from '../../core/runtime/context';
import { openDesk } from '../../core/runtime/desk';
import { repairOrders } from '../../core/db/schema';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { peakRssMb, resetPeakRss } from './peak-memory';

// A head-office desk's first sync, alone in this process so that its peak memory and CPU time
// are the desk's own (the server runs in the benchmark's process). Prints one JSON line.
// Usage: bootstrap-desk.ts <enrolled desk folder>

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: bootstrap-desk.ts <desk folder>');
// The desk's own durability settings (synchronous FULL): a bootstrap commits once per page.
const desk = openDesk({ dataDir, logger: silentLogger });
const transport = httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!);
const loadedPeakRssMb = peakRssMb();
const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
// The figure is the desk process's peak while it bootstraps (its resident memory included).
resetPeakRss();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const round = await syncOnce(desk, transport);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const orders = desk.db.select({ n: count() }).from(repairOrders).get()!.n;
desk.close();
console.log(
  JSON.stringify({
    ok: round.ok,
    error: round.error,
    pulled: round.pulled,
    pages: round.pages,
    orders,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    startRssMb,
    loadedPeakRssMb,
  }),
);
