import path from 'node:path';
import { openDesk } from '../../core/runtime/desk';
import { seededDeskCopy } from '../fixtures';
import { timed } from '../stats';
import type { BenchCase } from '../types';

const openMigrate: BenchCase = {
  name: 'open-migrate',
  description:
    'open + migrate a fresh desk database; open an existing 100 000-order one (and check it)',
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
    const checked: number[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 10); i++) {
      const started = performance.now();
      const { ms, result: desk } = await timed(() => openDesk({ dataDir }));
      existing.push(ms);
      // A file this size is checked in a worker after start: wait for its answer (untimed for
      // the open), so checks of successive opens do not pile up.
      const report = await desk.integrity;
      if (report.checked !== 'background' || report.damaged)
        throw new Error(`unexpected integrity report: ${JSON.stringify(report)}`);
      checked.push(performance.now() - started);
      desk.close();
    }
    return [
      { metric: 'open + migrate, fresh DB', unit: 'ms', samples: fresh },
      {
        metric: 'open, 100k-order DB',
        unit: 'ms',
        samples: existing,
        note: 'first sample includes a cold page cache; integrity_check runs after, in a worker',
      },
      {
        metric: 'background integrity_check, 100k-order DB',
        unit: 'ms',
        samples: checked,
        note: 'from the start of open until desk.integrity reports; the desk serves meanwhile',
      },
    ];
  },
};

export default openMigrate;
