import type { CustomerSummary } from '../../core/contract/customers';
import type { OrderSummary } from '../../core/contract/orders';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { SeededRandom } from '../../core/seed/random';
import { seededDeskCopy } from '../fixtures';
import type { BenchCase, Measurement } from '../types';

type TermKind =
  'surname' | 'phone last 4' | 'number fragment' | 'IMEI fragment' | 'brand' | 'one or two letters';

/** Search terms a receptionist types, drawn from the fixture's own rows. */
function searchTerms(desk: Desk, random: SeededRandom, perKind: number): [TermKind, string][] {
  const sample = <T>(sql: string) =>
    desk.db.$client.prepare(`${sql} ORDER BY random() LIMIT ${perKind}`).all() as T[];
  const surnames = sample<{ name: string }>(`SELECT name FROM customers WHERE kind = 'person'`).map(
    ({ name }) => {
      const surname = name.split(' ').at(-1)!;
      return surname.slice(0, random.int(4, Math.max(4, surname.length)));
    },
  );
  const phones = sample<{ phone: string }>('SELECT phone FROM customers').map((r) =>
    r.phone.slice(-4),
  );
  const numbers = sample<{ number: string }>('SELECT number FROM repair_orders').map((r) =>
    r.number.slice(-random.int(4, 6)),
  );
  const imeis = sample<{ imei: string }>('SELECT imei FROM devices WHERE imei IS NOT NULL').map(
    (r) => r.imei.slice(5, 13),
  );
  const brands = ['Samsung', 'Apple', "De'Longhi", 'Bosch', 'Lenovo', 'Dyson', 'Geox', 'Sony'];
  // Too short for the trigram index: searched by prefix instead, reported apart.
  const short = ['LG', 'Sa', 'M', 'Ив'];
  return [
    ...surnames.map((t) => ['surname', t] as [TermKind, string]),
    ...phones.map((t) => ['phone last 4', t] as [TermKind, string]),
    ...numbers.map((t) => ['number fragment', t] as [TermKind, string]),
    ...imeis.map((t) => ['IMEI fragment', t] as [TermKind, string]),
    ...brands.slice(0, perKind).map((t) => ['brand', t] as [TermKind, string]),
    ...short.map((t) => ['one or two letters', t] as [TermKind, string]),
  ];
}

function assertNewestFirst(items: OrderSummary[], term: string): void {
  for (let i = 1; i < items.length; i++) {
    if (items[i - 1]!.createdAt < items[i]!.createdAt)
      throw new Error(`listOrders "${term}" is not sorted newest first`);
  }
}

/** Wall time, and CPU time of this process (less disturbed by a busy machine). */
async function measure(
  desk: Desk,
  method: string,
  input: unknown,
): Promise<[number, unknown, number]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await desk.call(method, input);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return [ms, result.value, (used.user + used.system) / 1000];
}

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
