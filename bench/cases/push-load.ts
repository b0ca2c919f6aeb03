import path from 'node:path';
import { pushOutbox } from '../../core/sync/push-outbox';
import { intakeFor, startBenchServer } from '../replication-world';
import type { BenchCase } from '../types';

/** 50 desks push at once, each several small batches, as a busy morning would: push latency. */
const pushLoad: BenchCase = {
  name: 'push-load',
  description: '50 desks pushing at the same time: p95 push latency',
  async run(ctx) {
    const deskCount = Number(process.env.BENCH_DESKS ?? 50);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
    const server = await startBenchServer(ctx.scratchDir);
    try {
      const desks = [];
      for (let i = 0; i < deskCount; i++)
        desks.push(
          await server.enrolDesk(
            path.join(ctx.scratchDir, `d${i}`),
            `L${String(i).padStart(3, '0')}`,
            'reception',
          ),
        );
      const samples: number[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const [i, { desk }] of desks.entries()) {
          const result = await desk.call('createIntake', intakeFor(round * deskCount + i));
          if (!result.ok) throw new Error(JSON.stringify(result.error));
        }
        await Promise.all(
          desks.map(async ({ desk, transport }) => {
            const started = performance.now();
            await pushOutbox(desk.db, transport, Date.now);
            samples.push(performance.now() - started);
          }),
        );
      }
      for (const { desk } of desks) desk.close();
      return [
        {
          metric: `push latency, ${deskCount} desks at once`,
          unit: 'ms',
          samples,
          target: { stat: 'p95', op: '<=', bound: 200 },
        },
      ];
    } finally {
      await server.close();
    }
  },
};

export default pushLoad;
