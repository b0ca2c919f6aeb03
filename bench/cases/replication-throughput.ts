import path from 'node:path';
import { syncOnce } from '../../core/sync/sync-once';
import { intakeFor, startBenchServer } from '../replication-world';
import type { BenchCase, Measurement } from '../types';

/**
 * Orders taken at a desk travel desk → server → a new head-office desk over loopback HTTP.
 * Rows counted: customer, device, order and event per intake. BENCH_ORDERS sets the size.
 */
const replicationThroughput: BenchCase = {
  name: 'replication-throughput',
  description:
    'intakes replicated desk → server → head-office desk (rows/s end to end), and the bootstrap',
  async run(ctx) {
    const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
    const server = await startBenchServer(ctx.scratchDir);
    try {
      const desk = await server.enrolDesk(path.join(ctx.scratchDir, 'desk'), 'BE01', 'reception');
      ctx.log(`taking ${orders} intakes at the desk…`);
      for (let i = 0; i < orders; i++) {
        const result = await desk.desk.call('createIntake', intakeFor(i));
        if (!result.ok) throw new Error(JSON.stringify(result.error));
      }
      const headOffice = await server.enrolDesk(
        path.join(ctx.scratchDir, 'hq'),
        'HQ',
        'head_office',
      );
      const rows = orders * 4;

      const pushStarted = performance.now();
      const pushed = await syncOnce(desk.desk, desk.transport);
      const pushSeconds = (performance.now() - pushStarted) / 1000;
      if (pushed.push.accepted !== orders)
        throw new Error(`accepted ${pushed.push.accepted} of ${orders}`);

      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(
        () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
        100,
      );
      const pullStarted = performance.now();
      const pulled = await syncOnce(headOffice.desk, headOffice.transport, { pageSize: 2000 });
      const pullSeconds = (performance.now() - pullStarted) / 1000;
      clearInterval(sampler);
      if (!pulled.ok) throw new Error(`bootstrap failed: ${pulled.error}`);

      desk.desk.close();
      headOffice.desk.close();
      const measurements: Measurement[] = [
        {
          metric: 'end-to-end replication',
          unit: 'rows/s',
          value: Math.round(rows / (pushSeconds + pullSeconds)),
          target: { stat: 'value', op: '>=', bound: 5000 },
          note: `${orders} orders, ${rows} rows; push ${pushSeconds.toFixed(1)} s, pull ${pullSeconds.toFixed(1)} s`,
        },
        {
          metric: 'head-office bootstrap',
          unit: 's',
          value: pullSeconds,
          target: { stat: 'value', op: '<=', bound: 30 },
        },
        {
          metric: 'bootstrap peak memory (whole process: server + desks)',
          unit: 'MB',
          value: Math.round(peakRss / 1024 / 1024),
          target: { stat: 'value', op: '<=', bound: 300 },
        },
      ];
      return measurements;
    } finally {
      await server.close();
    }
  },
};

export default replicationThroughput;
