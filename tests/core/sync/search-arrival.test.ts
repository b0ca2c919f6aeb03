import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import type { PullChange } from '../../../core/contract/replication';
import { customers, devices, repairOrders } from '../../../core/db/schema';
import type { Desk } from '../../../core/runtime/desk';
import { applyPulledPage } from '../../../core/sync/apply-pulled';
import { expectOk, intakeInput, testDesk } from '../../support/desk';

/** Search hits for a fragment, as the counter's search box asks. */
function hits(desk: Desk, fragment: string): number {
  return (
    desk.db.$client
      .prepare('SELECT count(*) AS n FROM order_search WHERE order_search MATCH ?')
      .get(`"${fragment}"`) as { n: number }
  ).n;
}

describe('an order pulled before its customer or its device', () => {
  it('is found by search once the last of the three arrives, whichever it is, and only once', async () => {
    const source = testDesk();
    const order = (await expectOk(source.call('createIntake', intakeInput()))) as OrderDetail;
    const rows: Record<string, PullChange> = {
      order: change('repair_orders', source.db.select().from(repairOrders).get()!),
      customer: change('customers', source.db.select().from(customers).get()!),
      device: change('devices', source.db.select().from(devices).get()!),
    };
    const arrivals = [
      ['order', 'customer', 'device'],
      ['order', 'device', 'customer'],
      ['customer', 'order', 'device'],
      ['device', 'customer', 'order'],
    ];
    for (const arrival of arrivals) {
      const desk = testDesk();
      arrival.forEach((row, page) => applyPulledPage(desk.db, [rows[row]!], `1:${page + 1}`));
      // By number, by the phone's last digits, by the device.
      expect([hits(desk, order.number), hits(desk, '0199'), hits(desk, 'iPhone')]).toEqual([
        1, 1, 1,
      ]);
    }
  });
});

function change(tbl: string, row: Record<string, unknown>): PullChange {
  return { type: 'change', tbl, id: String(row.id), op: 'upsert', data: row };
}
