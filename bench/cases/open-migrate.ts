import path from 'node:path';
import { openDesk } from '../../core/runtime/desk';
import { seededDeskCopy } from '../fixtures';
import { timed } from '../stats';
import type { BenchCase } from '../types';

const openMigrate: BenchCase = {
  name: 'open-migrate',
  description: 'open + migrate a fresh desk database; open an existing 100 000-order one',
  async run(ctx) {
    const runs = ctx.quick ? 5 : 20;
    const fresh: number[] = [];
    for (let i = 0; i < runs; i++) {
      const dataDir = path.join(ctx.scratchDir, `fresh-${i}`);
      const { ms, result: desk } = await timed(() => openDesk({ dataDir }));
      desk.close();
      fresh.push(ms);
    }

    const dataDir = seededDeskCopy(ctx);
    const existing: number[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 10); i++) {
      const { ms, result: desk } = await timed(() => openDesk({ dataDir }));
      desk.close();
      existing.push(ms);
    }
    return [
      { metric: 'open + migrate, fresh DB', unit: 'ms', samples: fresh },
      {
        metric: 'open, 100k-order DB',
        unit: 'ms',
        samples: existing,
        note: 'first sample includes a cold page cache',
      },
    ];
  },
};

export default openMigrate;
