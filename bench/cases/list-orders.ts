import type { CustomerSummary } from '../../core/contract/customers';
import type { OrderSummary } from '../../core/contract/orders';
import { openDesk } from '../../core/runtime/desk';
import { SeededRandom } from '../../core/seed/random';
import { seededDeskCopy } from '../fixtures';
import { assertNewestFirst, measure, searchTerms, type TermKind } from '../search-terms';
import type { BenchCase, Measurement } from '../types';

const listOrders: BenchCase = {
  name: 'list-orders',
  description: 'first page of listOrders / searchCustomers with a search term, 100 000 orders',
  async run(ctx) {
    const desk = openDesk({ dataDir: seededDeskCopy(ctx) });
    try {
      const random = new SeededRandom('bench-search');
      const terms = searchTerms(desk, random, ctx.quick ? 4 : 12);
      const repeats = ctx.quick ? 2 : 5;
      const byKind = new Map<TermKind, number[]>();
      const all: number[] = [];
      const allCpu: number[] = [];
      const shortTerms: number[] = [];
      const customerSamples: number[] = [];
      let empty = 0;
      for (let r = 0; r < repeats; r++) {
        for (const [kind, term] of terms) {
          const [ms, value, cpu] = await measure(desk, 'listOrders', { search: term });
          const page = value as { items: OrderSummary[] };
          assertNewestFirst(page.items, term);
          byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
          if (kind === 'one or two letters') {
            shortTerms.push(ms);
            continue;
          }
          if (page.items.length === 0) empty++;
          all.push(ms);
          allCpu.push(cpu);
          if (kind === 'surname' || kind === 'phone last 4') {
            const [cms, found] = await measure(desk, 'searchCustomers', { term });
            if ((found as CustomerSummary[]).length === 0) empty++;
            customerSamples.push(cms);
          }
        }
      }
      const target = { stat: 'p95', op: '<=', bound: 10 } as const;
      return [
        {
          metric: 'listOrders first page, search term',
          unit: 'ms',
          samples: all,
          target,
          note: `${terms.length} terms × ${repeats}; ${empty} searches found nothing`,
        },
        {
          metric: 'listOrders, search term: CPU time',
          unit: 'ms',
          samples: allCpu,
          note: 'CPU used by this process per call; less noisy than wall time on a shared machine',
        },
        ...[...byKind].map(([kind, samples]): Measurement => ({
          metric: `  listOrders: ${kind}`,
          unit: 'ms',
          samples,
        })),
        {
          metric: 'searchCustomers (surname, phone)',
          unit: 'ms',
          samples: customerSamples,
          target,
          note: 'target assumed equal to the list budget',
        },
      ];
    } finally {
      desk.close();
    }
  },
};

export default listOrders;
