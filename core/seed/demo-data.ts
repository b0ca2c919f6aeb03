import { v7 as uuidv7 } from 'uuid';
import { customers, devices, orderEvents, repairOrders } from '../db/schema';
import {
  newCustomerRow,
  newDeviceRow,
  receivedOrderRow,
  statusEventRow,
  type IntakeOrderFields,
  type RowOrigin,
} from '../orders/intake-rows';
import { allocateSeriesRange, formatOrderNumber, yearAt } from '../orders/numbering';
import { isClosed, type OrderStatus } from '../orders/workflow';
import type { Desk } from '../runtime/desk';
import { recordMutation } from '../sync/outbox';
import { stagedTable } from './bulk-insert';
import {
  categoryWeights,
  demoAccessories,
  demoComplaint,
  demoCondition,
  demoImei,
  demoModel,
  demoSerial,
  type Category,
} from './catalogue';
import { day, demoLifecycle, hour } from './lifecycle';
import { demoCustomer, type SeedLanguage } from './people';
import { SeededRandom } from './random';

export interface SeedOptions {
  orders: number;
  /** The same seed (and the same `now`) gives the same data, ids included. */
  seed: string;
  languageWeights: Partial<Record<SeedLanguage, number>>;
  /** The end of the year of history; orders are spread over the 365 days before it. */
  now: number;
  /**
   * Also queue every seeded order in the outbox, as one `order.intake` mutation carrying its
   * customer, device, order (in its final state) and all its events. Off by default: demo data
   * belongs to one desk and is not normally replicated.
   */
  outbox?: boolean;
  ordersPerTransaction?: number;
  /**
   * How often an order comes from someone who has been to the counter before (default 0.35).
   * Higher gives fewer customers per order: 0.7 gives about 300 000 customers for 1 000 000.
   */
  returningShare?: number;
  onProgress?(done: number, total: number): void;
}

export interface SeedSummary {
  orders: number;
  customers: number;
  devices: number;
  events: number;
  byLanguage: Record<string, number>;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  ms: number;
}

interface SeededCustomer {
  id: string;
  language: SeedLanguage;
  devices: { id: string; category: Category }[];
}

type SeedDesk = Pick<Desk, 'db' | 'site' | 'defaultActor'>;

/** How often an order comes from someone who has been to the counter before. */
const defaultReturningShare = 0.35;

/** Fills a desk with a year of realistic orders, through the same row builders as an intake. */
export function seedDemoData(desk: SeedDesk, options: SeedOptions): SeedSummary {
  const started = performance.now();
  const random = new SeededRandom(options.seed);
  const sqlite = desk.db.$client;
  const at = { site: desk.site, actor: desk.defaultActor };
  // Parents before children: each flush checks the foreign keys of the rows it moves.
  const staged = [
    stagedTable(sqlite, customers),
    stagedTable(sqlite, devices),
    stagedTable(sqlite, repairOrders),
    stagedTable(sqlite, orderEvents),
  ] as const;
  const [customerRows, deviceRows, orderRows, eventRows] = staged;
  const insert = {
    customer: customerRows.insert,
    device: deviceRows.insert,
    order: orderRows.insert,
    event: eventRows.insert,
  };
  const idAt = (msecs: number) => uuidv7({ msecs, random: random.bytes16() });
  const isoDate = new Intl.DateTimeFormat('en-CA', {
    timeZone: desk.site.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const summary: SeedSummary = {
    orders: 0,
    customers: 0,
    devices: 0,
    events: 0,
    byLanguage: {},
    byCategory: {},
    byStatus: {},
    ms: 0,
  };
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
  const pool: SeededCustomer[] = [];
  const intakeTimes = demoIntakeTimes(random, options.orders, options.now);
  const batch = options.ordersPerTransaction ?? 2_000;
  const returningShare = options.returningShare ?? defaultReturningShare;

  type Tx = Parameters<Parameters<Desk['db']['transaction']>[0]>[0];
  const seedOrder = (tx: Tx, t: number, number: string) => {
    const origin: RowOrigin = { originSiteId: desk.site.id, createdAt: t, updatedAt: t };
    const created: Record<string, unknown> = {};
    let customer: SeededCustomer;
    if (pool.length > 0 && random.chance(returningShare)) {
      customer = random.pick(pool);
    } else {
      const person = demoCustomer(random, random.weighted(options.languageWeights));
      const fields = {
        kind: person.kind,
        name: person.name,
        phone: person.phone,
        email: person.email,
        taxId: person.taxId,
        vatNumber: person.vatNumber,
        address: undefined,
      };
      const row = newCustomerRow(fields, person.phone, origin, idAt(t));
      insert.customer(row);
      created.customer = row;
      customer = { id: row.id, language: person.language, devices: [] };
      pool.push(customer);
      summary.customers++;
    }
    bump(summary.byLanguage, customer.language);

    let device =
      customer.devices.length > 0 && random.chance(0.3) ? random.pick(customer.devices) : null;
    if (!device) {
      const category = random.weighted(categoryWeights);
      const model = demoModel(random, category);
      const hasModem = model.tac && random.chance(category === 'phone' ? 0.92 : 0.4);
      const row = newDeviceRow(
        {
          category,
          brand: model.brand,
          model: model.model,
          serial:
            category === 'footwear' || random.chance(0.1)
              ? undefined
              : demoSerial(random, model.brand),
          imei: hasModem ? demoImei(random, model.tac!) : undefined,
        },
        customer.id,
        origin,
        idAt(t),
      );
      insert.device(row);
      created.device = row;
      device = { id: row.id, category };
      customer.devices.push(device);
      summary.devices++;
    }
    bump(summary.byCategory, device.category);

    const steps = demoLifecycle(random, t, options.now);
    const last = steps[steps.length - 1]!;
    const fields = demoOrderFields(random, device.category, customer.language, t, isoDate);
    const order = {
      ...receivedOrderRow(
        fields,
        at,
        { number, customerId: customer.id, deviceId: device.id },
        origin,
        idAt(t),
      ),
      status: last.to as OrderStatus,
      updatedAt: last.at,
      ...(isClosed(last.to) ? { closedAt: last.at } : {}),
    };
    insert.order(order);
    const events = steps.map((step) =>
      statusEventRow(
        at,
        { orderId: order.id, from: step.from, to: step.to, when: step.at },
        idAt(step.at),
      ),
    );
    for (const event of events) insert.event(event);
    summary.events += events.length;
    summary.orders++;
    bump(summary.byStatus, last.to);
    if (options.outbox) {
      const ctx = {
        ...at,
        db: desk.db,
        now: () => last.at,
        log: { error() {}, warn() {}, info() {} },
      };
      recordMutation(tx, ctx, 'order.intake', { ...created, order, events });
    }
  };

  // Numbers come from the site's series in the batch's own transaction, so they stay gapless.
  const seedBatch = (tx: Tx, times: number[]) => {
    const years = times.map((t) => yearAt(t, desk.site.timezone));
    const next = new Map<number, number>();
    for (const year of new Set(years)) {
      const count = years.filter((y) => y === year).length;
      next.set(year, allocateSeriesRange(tx, desk.site.id, 'order', year, count));
    }
    times.forEach((t, i) => {
      const year = years[i]!;
      const n = next.get(year)!;
      next.set(year, n + 1);
      seedOrder(tx, t, formatOrderNumber(desk.site.code, year, n));
    });
    staged.forEach((table) => table.flush());
  };

  const previous = sqlite.pragma('synchronous', { simple: true });
  // Demo data can be seeded again if the machine dies half-way: durability can wait until the end.
  sqlite.pragma('synchronous = NORMAL');
  try {
    for (let from = 0; from < intakeTimes.length; from += batch) {
      const slice = intakeTimes.slice(from, from + batch);
      desk.db.transaction((tx) => seedBatch(tx, slice), { behavior: 'immediate' });
      options.onProgress?.(Math.min(from + batch, intakeTimes.length), intakeTimes.length);
    }
  } finally {
    staged.forEach((table) => table.drop());
    sqlite.pragma(`synchronous = ${previous}`);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('optimize');
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

/** Intake instants over the past year, in business hours, oldest first. */
function demoIntakeTimes(random: SeededRandom, count: number, now: number): number[] {
  const today = Math.floor(now / day) * day;
  const times: number[] = [];
  while (times.length < count) {
    const dayStart = today - random.int(0, 364) * day;
    // 08:00–18:00 UTC is 09:00–20:00 at an Italian desk; Sundays closed.
    if (new Date(dayStart).getUTCDay() === 0) continue;
    const t = dayStart + 8 * hour + random.int(0, 10 * 60 - 1) * 60_000 + random.int(0, 59_999);
    if (t <= now) times.push(t);
  }
  return times.sort((a, b) => a - b);
}

const warrantyWeights = { paid: 70, manufacturer: 25, our_repair: 5 } as const;

function demoOrderFields(
  random: SeededRandom,
  category: Category,
  language: SeedLanguage,
  t: number,
  isoDate: Intl.DateTimeFormat,
): IntakeOrderFields {
  const warrantyBasis = random.weighted(warrantyWeights);
  const paid = warrantyBasis === 'paid';
  const big = category === 'large_appliance' || category === 'tv' || category === 'laptop';
  return {
    complaint: demoComplaint(random, category, language),
    conditionNotes: undefined,
    accessoriesNotes: undefined,
    condition: demoCondition(random, category),
    accessories: demoAccessories(random, category),
    warrantyBasis,
    preauthorisedAmount:
      paid && random.chance(0.4) ? random.pick([5_000, 8_000, 10_000, 15_000]) : 0,
    diagnosisFee: paid ? (big ? 4_000 : 2_500) : 0,
    deposit: paid && random.chance(0.15) ? random.pick([2_000, 5_000]) : 0,
    ...(random.chance(0.3) ? { itemValue: random.int(30, big ? 2_500 : 1_200) * 100 } : {}),
    ...(random.chance(0.6) ? { promisedOn: isoDate.format(t + random.int(5, 15) * day) } : {}),
  };
}
