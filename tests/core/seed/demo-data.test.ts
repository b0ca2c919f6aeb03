import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidImei } from '../../../core/contract/imei';
import { deviceCategories, type OrderDetail } from '../../../core/contract/orders';
import { normalisePhone } from '../../../core/contract/phone';
import { parseOrderNumber } from '../../../core/orders/numbering';
import { canTransition, type OrderStatus } from '../../../core/orders/workflow';
import { runCli } from '../../../core/cli/run-cli';
import { complaints } from '../../../core/seed/catalogue';
import { openDesk, type Desk } from '../../../core/runtime/desk';
import { seedDemoData, type SeedOptions, type SeedSummary } from '../../../core/seed/demo-data';
import { expectOk, intakeInput, tempDir, testDesk } from '../../support/desk';

const now = Date.parse('2026-11-26T12:00:00Z');
const options: SeedOptions = {
  orders: 500,
  seed: 'test',
  languageWeights: { it: 6, ru: 2, en: 2 },
  now,
};

function rows<T>(desk: Desk, sql: string): T[] {
  return desk.db.$client.prepare(sql).all() as T[];
}

describe('seeding demo data', () => {
  const dataDir = tempDir();
  let desk: Desk;
  let summary: SeedSummary;
  beforeAll(() => {
    desk = openDesk({ dataDir });
    summary = seedDemoData(desk, options);
  });
  afterAll(() => {
    desk.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('numbers orders without gaps within each year, oldest first', () => {
    const orders = rows<{ number: string; createdAt: number }>(
      desk,
      'SELECT number, created_at AS createdAt FROM repair_orders ORDER BY created_at',
    );
    expect(orders).toHaveLength(500);
    const byYear = new Map<number, number[]>();
    for (const { number } of orders) {
      const parsed = parseOrderNumber(number)!;
      byYear.set(parsed.year, [...(byYear.get(parsed.year) ?? []), parsed.n]);
    }
    expect(byYear.size).toBeGreaterThanOrEqual(2);
    for (const numbers of byYear.values()) {
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('moves every order only along the workflow, one event per transition', () => {
    const orders = rows<{
      id: string;
      status: OrderStatus;
      createdAt: number;
      closedAt: number | null;
    }>(
      desk,
      'SELECT id, status, created_at AS createdAt, closed_at AS closedAt FROM repair_orders',
    );
    const events = rows<{ orderId: string; from: OrderStatus | null; to: OrderStatus; at: number }>(
      desk,
      `SELECT order_id AS orderId, from_status AS "from", to_status AS "to", created_at AS at
       FROM order_events ORDER BY created_at, id`,
    );
    const byOrder = Map.groupBy(events, (e) => e.orderId);
    for (const order of orders) {
      const history = byOrder.get(order.id)!;
      expect(history[0]).toMatchObject({ from: null, to: 'received', at: order.createdAt });
      for (let i = 1; i < history.length; i++) {
        expect(history[i]!.from).toBe(history[i - 1]!.to);
        expect(canTransition(history[i]!.from!, history[i]!.to)).toBe(true);
        expect(history[i]!.at).toBeLessThanOrEqual(now);
      }
      expect(history.at(-1)!.to).toBe(order.status);
    }
    expect(summary.events).toBe(events.length);
    // A year of history: mostly handed over, and some orders still in work.
    expect(summary.byStatus.handed_over).toBeGreaterThan(250);
    const open = orders.filter(
      (o) => !['handed_over', 'cancelled', 'unclaimed'].includes(o.status),
    );
    expect(open.length).toBeGreaterThan(3);
  });

  it('gives every customer a valid phone and every device a valid IMEI', () => {
    const phones = rows<{ phone: string }>(desk, 'SELECT phone FROM customers');
    for (const { phone } of phones) expect(normalisePhone(phone, 'IT'), phone).toBe(phone);
    for (const code of ['+39', '+7', '+44']) {
      expect(
        phones.some(({ phone }) => phone.startsWith(code)),
        code,
      ).toBe(true);
    }
    const imeis = rows<{ imei: string }>(desk, 'SELECT imei FROM devices WHERE imei IS NOT NULL');
    expect(imeis.length).toBeGreaterThan(50);
    for (const { imei } of imeis) expect(isValidImei(imei), imei).toBe(true);
  });

  it('covers every device category, all three languages and returning customers', () => {
    expect(Object.keys(summary.byCategory).sort()).toEqual([...deviceCategories].sort());
    const texts = new Set(
      rows<{ complaint: string }>(desk, 'SELECT complaint FROM repair_orders').map(
        (r) => r.complaint,
      ),
    );
    for (const language of ['it', 'ru', 'en'] as const) {
      const known = Object.values(complaints).flatMap((byLanguage) => byLanguage[language]);
      expect(
        known.some((c) => texts.has(c)),
        language,
      ).toBe(true);
    }
    const names = rows<{ name: string }>(desk, 'SELECT name FROM customers').map((r) => r.name);
    expect(names.some((n) => /[А-яЁё]/.test(n))).toBe(true);
    expect(rows(desk, "SELECT 1 FROM customers WHERE kind = 'company'").length).toBeGreaterThan(0);
    const returning = rows<{ n: number }>(
      desk,
      'SELECT count(*) AS n FROM repair_orders GROUP BY customer_id HAVING n > 1',
    );
    expect(returning.length).toBeGreaterThan(20);
    expect(rows(desk, 'SELECT 1 FROM outbox')).toHaveLength(0);
  });

  it('finds seeded orders by a fragment, and the next intake continues the series', async () => {
    const page = (await expectOk(desk.call('listOrders', { search: 'Samsung' }))) as {
      items: { deviceBrand: string; createdAt: number }[];
    };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((o) => o.deviceBrand === 'Samsung')).toBe(true);

    const last = rows<{ number: string }>(
      desk,
      'SELECT number FROM repair_orders ORDER BY created_at DESC LIMIT 1',
    )[0]!;
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    const lastYear = parseOrderNumber(last.number)!;
    const next = parseOrderNumber(order.number)!;
    if (next.year === lastYear.year) expect(next.n).toBe(lastYear.n + 1);
  });
});

describe('the seed command', () => {
  it('gives the same data for the same seed, and queues it for replication only with --outbox', async () => {
    const seeded = async (extra: string[]) => {
      const data = tempDir();
      const code = await runCli(
        [
          '--data',
          data,
          'seed',
          '--orders',
          '60',
          '--seed',
          'same',
          '--now',
          '2026-06-01T12:00:00Z',
          ...extra,
        ],
        { io: { out: () => {}, err: () => {} } },
      );
      expect(code).toBe(0);
      return testDesk({ dataDir: data });
    };
    const first = await seeded([]);
    const second = await seeded(['--outbox']);
    const content = (desk: Desk) =>
      rows(
        desk,
        `SELECT o.id, o.number, o.status, o.complaint, c.name, c.phone, d.brand, d.imei
         FROM repair_orders o JOIN customers c ON c.id = o.customer_id JOIN devices d ON d.id = o.device_id
         ORDER BY o.number`,
      );
    expect(content(second)).toEqual(content(first));
    expect(rows(first, 'SELECT 1 FROM outbox')).toHaveLength(0);
    expect(rows(second, 'SELECT 1 FROM outbox')).toHaveLength(60);
  });

  it('refuses a missing order count or an unknown language with exit code 2', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    const data = tempDir();
    expect(await runCli(['--data', data, 'seed'], { io })).toBe(2);
    expect(
      await runCli(['--data', data, 'seed', '--orders', '5', '--locale-mix', 'it,fr'], { io }),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/--orders[\s\S]*--locale-mix/);
    fs.rmSync(data, { recursive: true, force: true });
  });
});
