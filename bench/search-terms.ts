import type { OrderSummary } from '../core/contract/orders';
import type { Desk } from '../core/runtime/desk';
import type { SeededRandom } from '../core/seed/random';

// Shared by the search benchmarks (list-orders at 100 000 orders, search-scale at 1 000 000).

export type TermKind =
  'surname' | 'phone last 4' | 'number fragment' | 'IMEI fragment' | 'brand' | 'one or two letters';

/** Search terms a receptionist types, drawn from the fixture's own rows. */
export function searchTerms(
  desk: Desk,
  random: SeededRandom,
  perKind: number,
): [TermKind, string][] {
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

export function assertNewestFirst(items: OrderSummary[], term: string): void {
  for (let i = 1; i < items.length; i++) {
    if (items[i - 1]!.createdAt < items[i]!.createdAt)
      throw new Error(`listOrders "${term}" is not sorted newest first`);
  }
}

/** Wall time, and CPU time of this process (less disturbed by a busy machine). */
export async function measure(
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
