import path from 'node:path';
import { pushOutbox } from '../../core/sync/push-outbox';
import { readEnrolment } from '../../core/sync/sync-state';
import { archiveChanges } from '../../server/archive';
import { backUpPglite, folderBytes } from '../../server/db/pglite-backup';
import { parseCursor, pullPageLines } from '../../server/pull';
import {
  assertAllAccepted,
  intakeFor,
  multiplyServerRows,
  startBenchServer,
} from '../replication-world';
import type { BenchCase } from '../types';

/** Sites the copies are spread over: the network the one reception desk is a small part of. */
const otherSites = 100;

/**
 * A reception desk downloads its site's rows as they stand (its cursor is older than the
 * archived change log, or it is new after an archive) from a head office that holds a whole
 * network's: the desk's own 1 000 intakes and BENCH_ORDERS (default 100 000; 10 000 with
 * `--quick`) in all, the rest spread over 100 other sites. Times the server's side alone
 * (`pullPageLines`, pages of the desk's 2 500, the first one counted), on PGlite or, with
 * DATABASE_URL, PostgreSQL. Before migration 0009 each page walked the whole table in key order.
 */
const scopeDownload: BenchCase = {
  name: 'scope-download',
  description:
    'a reception desk downloads its site’s rows as they stand from a head office holding the whole network’s',
  async run(ctx) {
    const orders = Number(process.env.BENCH_ORDERS ?? (ctx.quick ? 10_000 : 100_000));
    const taken = 1000;
    if (orders % taken !== 0) throw new Error('BENCH_ORDERS must be a multiple of 1000');
    const server = await startBenchServer(ctx.scratchDir);
    try {
      const { desk, transport } = await server.enrolDesk(
        path.join(ctx.scratchDir, 'desk'),
        'BE01',
        'reception',
      );
      ctx.log(`taking and pushing ${taken} intakes…`);
      for (let i = 0; i < taken; i++) {
        const result = await desk.call('createIntake', intakeFor(i));
        if (!result.ok) throw new Error(JSON.stringify(result.error));
      }
      const pushed = await pushOutbox(desk.db, transport, Date.now);
      assertAllAccepted(pushed);
      const principal = {
        deskId: readEnrolment(desk.db)!.deskId,
        siteId: desk.site.id,
        siteCode: 'BE01',
        seriesCode: 'BE01',
        siteKind: 'reception' as const,
      };
      desk.close();

      ctx.log(`multiplying to ${orders} orders over ${otherSites} other sites, archiving…`);
      await multiplyServerRows(server.db, orders / taken);
      // The copies (an `x` in the id) belong to the other sites.
      await server.db.query(
        `UPDATE records SET sites = ARRAY['bench-site-' || (abs(hashtext(id)) % ${otherSites})]
          WHERE sites IS NOT NULL AND id LIKE '%x%'`,
      );
      // As autovacuum would have by then (on PGlite, the server's hourly sweep: `vacuumWhereDue`):
      // the copies' old versions gone from the indexes. How long requests wait for it on PGlite.
      const vacuumStarted = performance.now();
      await server.db.query('VACUUM ANALYZE records');
      ctx.log(`VACUUM ANALYZE records: ${Math.round(performance.now() - vacuumStarted)} ms`);
      await archiveChanges(server.db, { before: new Date(Date.now() + 3_600_000) });
      const [total] = await server.db.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM records',
      );

      const started = performance.now();
      const cpu = process.cpuUsage();
      let cursor = '0:0';
      let rows = 0;
      let pages = 0;
      let firstPageMs = 0;
      for (let more = true; more;) {
        const page = await pullPageLines(server.db, principal, parseCursor(cursor)!, 2500, {
          count: pages === 0,
        });
        if (pages === 0) firstPageMs = performance.now() - started;
        rows += page.lines.length;
        pages++;
        cursor = page.end.cursor;
        more = page.end.hasMore;
      }
      const seconds = (performance.now() - started) / 1000;
      const { user, system } = process.cpuUsage(cpu);
      // The daily backup of a PGlite head office (`backUpPglite`) of this size: how long requests
      // wait for it, how large it is, how much the process grows meanwhile.
      if (server.db.dataDir) {
        const folder = folderBytes(server.db.dataDir);
        const rss = process.memoryUsage().rss;
        const backupStarted = performance.now();
        const backup = await backUpPglite(
          server.db,
          path.join(ctx.scratchDir, 'backups'),
          Date.now(),
        );
        ctx.log(
          `daily backup of the PGlite folder (${(folder / 1e6).toFixed(0)} MB): ${Math.round(performance.now() - backupStarted)} ms, ${(backup.bytes / 1e6).toFixed(0)} MB, process +${((process.memoryUsage().rss - rss) / 1e6).toFixed(0)} MB`,
        );
      }
      const backend = server.db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
      return [
        {
          metric: `reception desk's download of its scope, server side (${backend})`,
          unit: 'rows/s',
          value: Math.round(rows / seconds),
          target: { stat: 'value', op: '>=', bound: 5000 },
          note: `${rows} rows in ${pages} pages, ${seconds.toFixed(2)} s (first page, counted: ${firstPageMs.toFixed(0)} ms; node CPU ${((user + system) / 1e6).toFixed(2)} s) out of ${total!.n} rows held`,
        },
      ];
    } finally {
      await server.close();
    }
  },
};

export default scopeDownload;
