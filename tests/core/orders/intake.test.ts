import { count, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import { customers, devices, orderEvents, outbox, repairOrders } from '../../../core/db/schema';
import { expectOk, intakeInput, testDesk } from '../../support/desk';

function rowCounts(desk: ReturnType<typeof testDesk>) {
  return {
    customers: desk.db.select({ n: count() }).from(customers).get()!.n,
    devices: desk.db.select({ n: count() }).from(devices).get()!.n,
    orders: desk.db.select({ n: count() }).from(repairOrders).get()!.n,
    events: desk.db.select({ n: count() }).from(orderEvents).get()!.n,
    // Each mutation also queues its audit rows ('audit.append'); count the domain's own entries.
    outbox: desk.db
      .select({ n: count() })
      .from(outbox)
      .where(ne(outbox.name, 'audit.append'))
      .get()!.n,
  };
}

describe('taking a device in', () => {
  it('a receptionist takes in a phone and finds the numbered order in the list', async () => {
    const desk = testDesk();
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    expect(order.number).toMatch(/^MI01-\d{4}-000001$/);
    expect(order.status).toBe('received');
    expect(order.customerPhone).toBe('+393475550199');
    expect(order.events).toHaveLength(1);

    const page = (await expectOk(desk.call('listOrders', {}))) as { items: { number: string }[] };
    expect(page.items.map((o) => o.number)).toEqual([order.number]);
    expect(rowCounts(desk)).toEqual({ customers: 1, devices: 1, orders: 1, events: 1, outbox: 1 });
  });

  it('refuses an empty name, a phone that is not a phone and a 10 000-character model, saving nothing', async () => {
    const desk = testDesk();
    const result = await desk.call(
      'createIntake',
      intakeInput({
        customer: { mode: 'new', name: '  ', phone: 'not a phone' },
        device: { mode: 'new', category: 'phone', brand: 'Apple', model: 'x'.repeat(10_000) },
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
    expect(result.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'customer.name', code: 'required' },
        { path: 'customer.phone', code: 'invalid_phone' },
        { path: 'device.model', code: 'too_big_string', params: { maximum: 120 } },
      ]),
    );
    expect(rowCounts(desk)).toEqual({ customers: 0, devices: 0, orders: 0, events: 0, outbox: 0 });
  });

  it('refuses a phone number that looks right but is not valid in the site region', async () => {
    const desk = testDesk();
    const result = await desk.call(
      'createIntake',
      intakeInput({ customer: { mode: 'new', name: 'Anna Verdi', phone: '123456' } }),
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'customer.phone', code: 'invalid_phone' }] },
    });
    expect(rowCounts(desk).orders).toBe(0);
  });

  it('refuses an IMEI whose check digit is wrong', async () => {
    const desk = testDesk();
    const result = await desk.call(
      'createIntake',
      intakeInput({
        device: {
          mode: 'new',
          category: 'phone',
          brand: 'Samsung',
          model: 'A54',
          imei: '490154203237519',
        },
      }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues).toEqual([{ path: 'device.imei', code: 'invalid_imei' }]);
  });

  it('gives ten intakes made at once ten distinct, consecutive numbers', async () => {
    const desk = testDesk();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => expectOk(desk.call('createIntake', intakeInput()))),
    );
    const numbers = (results as OrderDetail[])
      .map((o) => Number(o.number.slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('takes in a second device for a returning customer without creating them again', async () => {
    const desk = testDesk();
    const first = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    const second = (await expectOk(
      desk.call(
        'createIntake',
        intakeInput({
          customer: { mode: 'existing', id: first.customerId },
          device: { mode: 'existing', id: first.deviceId },
          complaint: 'Batteria che si scarica',
        }),
      ),
    )) as OrderDetail;
    expect(second.customerId).toBe(first.customerId);
    expect(rowCounts(desk)).toMatchObject({ customers: 1, devices: 1, orders: 2 });
  });
});
