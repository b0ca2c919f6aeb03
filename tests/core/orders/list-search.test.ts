import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderSummary } from '../../../core/contract/orders';
import { openDesk, type Desk } from '../../../core/runtime/desk';
import { seedDemoData } from '../../../core/seed/demo-data';
import { expectOk, tempDir } from '../../support/desk';

type Page = { items: OrderSummary[]; total: number; totalCapped: boolean; hasMore: boolean };

/** What a search must return, worked out the slow way: every order whose text holds the term. */
function expected(desk: Desk, term: string, limit: number, offset = 0) {
  const matching = desk.db.$client
    .prepare(
      `SELECT o.id FROM repair_orders o
       JOIN customers c ON c.id = o.customer_id JOIN devices d ON d.id = o.device_id
       WHERE instr(lower(o.number || ' ' || c.name || ' ' || replace(c.phone, '+', '') || ' ' ||
             d.brand || ' ' || d.model || ' ' || coalesce(d.serial, '') || ' ' ||
             coalesce(d.imei, '')), lower(?)) > 0
       ORDER BY o.created_at DESC, o.id DESC`,
    )
    .pluck()
    .all(term) as string[];
  return { ids: matching.slice(offset, offset + limit), total: matching.length };
}

describe('searching the order list', () => {
  const dataDir = tempDir();
  let desk: Desk;
  beforeAll(() => {
    desk = openDesk({ dataDir });
    seedDemoData(desk, {
      orders: 2_500,
      seed: 'list-search',
      languageWeights: { it: 1, ru: 1, en: 1 },
      now: Date.parse('2026-11-26T12:00:00Z'),
    });
  });
  afterAll(() => {
    desk.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const list = async (input: object) => (await expectOk(desk.call('listOrders', input))) as Page;

  it('finds the same orders, newest first, as reading every order would — common and rare terms alike', async () => {
    const phone = desk.db.$client
      .prepare('SELECT phone FROM customers LIMIT 1')
      .pluck()
      .get() as string;
    for (const term of [
      'Samsung',
      'Apple',
      'iPhone',
      'Galaxy S23',
      phone.slice(-4),
      '2026-00',
      'Иван',
    ]) {
      const page = await list({ search: term });
      const truth = expected(desk, term, 50);
      expect(
        page.items.map((o) => o.id),
        term,
      ).toEqual(truth.ids);
      // Searches count up to 1 000 and then say "more".
      expect(page.total, term).toBe(Math.min(truth.total, 1_000));
      expect(page.totalCapped, term).toBe(truth.total > 1_000);
      expect(page.hasMore, term).toBe(truth.total > 50);
    }
    const deeper = await list({ search: 'Samsung', page: { offset: 100, limit: 20 } });
    expect(deeper.items.map((o) => o.id)).toEqual(expected(desk, 'Samsung', 20, 100).ids);
    const beyond = await list({ search: 'Samsung', page: { offset: 5_000, limit: 20 } });
    expect(beyond).toMatchObject({
      items: [],
      total: expected(desk, 'Samsung', 0).total,
      hasMore: false,
    });
  });

  it('still puts an order first when it is newer than its place in storage suggests', async () => {
    // An old row whose date moved to the top, as a late-arriving replicated order can be.
    const oldest = desk.db.$client
      .prepare(
        `SELECT o.rowid AS rowid, o.id AS id FROM repair_orders o JOIN devices d ON d.id = o.device_id
         WHERE d.brand = 'Samsung' ORDER BY o.rowid LIMIT 1`,
      )
      .get() as { rowid: number; id: string };
    desk.db.$client
      .prepare('UPDATE repair_orders SET created_at = ? WHERE rowid = ?')
      .run(Date.parse('2026-11-26T13:00:00Z'), oldest.rowid);
    const page = await list({ search: 'Samsung' });
    expect(page.items[0]!.id).toBe(oldest.id);
    expect(page.items.map((o) => o.id)).toEqual(expected(desk, 'Samsung', 50).ids);
  });

  it('combines a search with a status filter and another sort order', async () => {
    const inWork = await list({ search: 'Apple', statuses: ['handed_over'] });
    expect(inWork.items.length).toBeGreaterThan(0);
    expect(inWork.items.every((o) => o.status === 'handed_over' && o.deviceBrand === 'Apple')).toBe(
      true,
    );
    const byNumber = await list({ search: 'Apple', sort: { field: 'number', direction: 'asc' } });
    const numbers = byNumber.items.map((o) => o.number);
    expect(numbers).toEqual([...numbers].sort());
  });
});
