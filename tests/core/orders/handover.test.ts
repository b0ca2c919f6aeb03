import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import type { DeviceHistory } from '../../../core/contract/devices';
import type { z } from 'zod';
import { expectOk } from '../../support/desk';
import {
  deskWithClock,
  expectError,
  handOver,
  intake,
  repairedAndReady,
  rowCounts,
  screenLabour,
  screenPart,
} from '../../support/counter';

const finalLines = [screenLabour, screenPart];
// 40.00 + 180.00 net at 22 %: 220.00 net, 48.40 VAT, 268.40 gross.

describe('handing a repaired device back', () => {
  it('takes a split payment with the deposit deducted, issues the slip and closes the order', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk, { deposit: 5000 });
    await repairedAndReady(desk, order);

    const record = await handOver(desk, {
      orderId: order.id,
      lines: finalLines,
      payments: [
        { method: 'card', amount: 15_000 },
        { method: 'cash', amount: 6840 },
      ],
      termsVersion: 'IT-warranty-2026-01',
    });

    expect(record.totals).toEqual({
      perRate: [{ vatRateBp: 2200, net: 22_000, vat: 4840, gross: 26_840 }],
      net: 22_000,
      vat: 4840,
      gross: 26_840,
    });
    expect(record).toMatchObject({ depositApplied: 5000, depositRefund: 0, amountDue: 21_840 });
    expect(record.payments.map((p) => [p.method, p.amount])).toEqual([
      ['deposit', 5000],
      ['card', 15_000],
      ['cash', 6840],
    ]);
    expect(record.status).toBe('handed_over');
    expect(record.closedAt).toBeTypeOf('number');
    expect(record.slip).toMatchObject({
      startsOn: '2026-03-02',
      endsOn: '2027-03-02',
      termsVersion: 'IT-warranty-2026-01',
    });
    expect(record.slip!.coverage.map((c) => [c.description, c.months, c.endsOn])).toEqual([
      ['Sostituzione display', 3, '2026-06-02'],
      ['Display OLED iPhone 14', 12, '2027-03-02'],
    ]);
    expect(await expectOk(desk.call('getHandOver', { orderId: order.id }))).toEqual(record);
  });

  it('refuses payments that do not add up to the amount due, and keeps the order open', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    await repairedAndReady(desk, order);
    const before = rowCounts(desk);

    const error = await expectError(
      desk.call('handOver', {
        orderId: order.id,
        lines: finalLines,
        payments: [
          { method: 'card', amount: 20_000 },
          { method: 'cash', amount: 6000 },
        ],
        termsVersion: 'IT-warranty-2026-01',
      }),
    );
    expect(error).toEqual({
      code: 'payments_mismatch',
      params: { due: 26_840, paid: 26_000, currency: 'EUR' },
    });
    expect(rowCounts(desk)).toEqual(before);
  });

  it('gives back a device left only for testing: no lines, the deposit returned, no slip', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk, { deposit: 2000 });
    await expectOk(
      desk.call('changeStatus', {
        orderId: order.id,
        expectedStatus: 'received',
        to: 'ready_for_pickup',
        reason: 'Provato al banco: funziona',
      }),
    );
    const record = await handOver(desk, {
      orderId: order.id,
      lines: [],
      payments: [],
      termsVersion: 'IT-warranty-2026-01',
    });
    expect(record).toMatchObject({
      totals: { net: 0, vat: 0, gross: 0, perRate: [] },
      depositApplied: 0,
      depositRefund: 2000,
      amountDue: 0,
      slip: null,
      status: 'handed_over',
    });
  });

  it('refuses a VAT rate not in force in Italy today and a line priced absurdly, changing nothing', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    await repairedAndReady(desk, order);
    const before = rowCounts(desk);
    const wrongRate = await expectError(
      desk.call('handOver', {
        orderId: order.id,
        lines: [{ ...screenPart, vatRateBp: 2000 }],
        payments: [],
        termsVersion: 'v1',
      }),
    );
    expect(wrongRate.issues).toEqual([
      { path: 'lines.0.vatRateBp', code: 'vat_rate_not_in_force', params: { rateBp: 2000 } },
    ]);
    const absurd = await expectError(
      desk.call('handOver', {
        orderId: order.id,
        lines: [
          { ...screenPart, unitPrice: -100 },
          { ...screenPart, unitPrice: 10 ** 13 },
        ],
        payments: [],
        termsVersion: 'v1',
      }),
    );
    expect(absurd.code).toBe('validation');
    expect(absurd.issues!.map((i) => i.path)).toEqual(['lines.0.unitPrice', 'lines.1.unitPrice']);
    expect(rowCounts(desk)).toEqual(before);
  });
});

describe('a warranty return', () => {
  async function firstRepair() {
    const clocked = deskWithClock();
    const order = await intake(clocked.desk);
    await repairedAndReady(clocked.desk, order);
    const record = await handOver(clocked.desk, {
      orderId: order.id,
      lines: finalLines,
      payments: [{ method: 'card', amount: 26_840 }],
      termsVersion: 'IT-warranty-2026-01',
    });
    const displayLine = record.slip!.coverage.find((c) => c.months === 12)!;
    return { ...clocked, order, record, displayLine };
  }

  it('shows the valid slip when the serial is scanned, repairs the covered line free and keeps its end date', async () => {
    const { desk, advanceDays, order, record, displayLine } = await firstRepair();
    advanceDays(60);

    const history = (await expectOk(
      desk.call('getDeviceHistory', { serialOrImei: 'F2LXK1ABC' }),
    )) as z.infer<typeof DeviceHistory>;
    expect(history).toHaveLength(1);
    expect(history[0]!.orders.map((o) => o.number)).toEqual([order.number]);
    // Two months on, the 3-month labour line is still covered too.
    expect(history[0]!.validSlips[0]!.coverage).toHaveLength(2);

    const rework = await intake(desk, {
      customer: { mode: 'existing', id: order.customerId },
      device: { mode: 'existing', id: order.deviceId },
      complaint: 'Il display nuovo ha righe verdi',
      warrantyClaim: { slipId: record.slip!.id, lineId: displayLine.lineId },
    });
    expect(rework).toMatchObject({
      warrantyBasis: 'our_repair',
      warrantyParentOrderId: order.id,
      warrantyClaim: { slipId: record.slip!.id, lineId: displayLine.lineId, endsOn: '2027-03-02' },
    });

    await repairedAndReady(desk, rework, [{ ...screenPart, warrantyMonths: 12 }]);
    const back = await handOver(desk, {
      orderId: rework.id,
      lines: [{ ...screenPart, underWarrantyClaim: true }],
      payments: [],
      termsVersion: 'IT-warranty-2026-01',
    });
    expect(back.totals.gross).toBe(0);
    expect(back.amountDue).toBe(0);
    expect(back.lines[0]).toMatchObject({ coveredByWarranty: true, net: 0, unitPrice: 18_000 });
    expect(back.slip!.startsOn).toBe('2026-05-01');
    expect(back.slip!.coverage[0]!.endsOn).toBe('2027-03-02');
  });

  it('accepts a second claim on the same slip', async () => {
    const { desk, order, record, displayLine } = await firstRepair();
    const claim = {
      customer: { mode: 'existing' as const, id: order.customerId },
      device: { mode: 'existing' as const, id: order.deviceId },
      warrantyClaim: { slipId: record.slip!.id, lineId: displayLine.lineId },
    };
    const first = await intake(desk, claim);
    const second = await intake(desk, { ...claim, complaint: 'Di nuovo righe sul display' });
    expect([first.warrantyParentOrderId, second.warrantyParentOrderId]).toEqual([
      order.id,
      order.id,
    ]);
  });

  it('refuses a claim once the line has expired, saving nothing', async () => {
    const { desk, advanceDays, order, record } = await firstRepair();
    advanceDays(120);
    const labourLine = record.slip!.coverage.find((c) => c.months === 3)!;
    const before = rowCounts(desk);
    const error = await expectError(
      desk.call('createIntake', {
        customer: { mode: 'existing', id: order.customerId },
        device: { mode: 'existing', id: order.deviceId },
        complaint: 'Il display si è staccato',
        warrantyClaim: { slipId: record.slip!.id, lineId: labourLine.lineId },
      }),
    );
    expect(error).toEqual({ code: 'warranty_expired', params: { endsOn: '2026-06-02' } });
    expect(rowCounts(desk)).toEqual(before);
  });

  it('does not let a paid order mark lines as covered by a warranty claim', async () => {
    const { desk } = deskWithClock();
    const order = (await intake(desk)) as OrderDetail;
    await repairedAndReady(desk, order);
    const error = await expectError(
      desk.call('handOver', {
        orderId: order.id,
        lines: [{ ...screenPart, underWarrantyClaim: true }],
        payments: [],
        termsVersion: 'v1',
      }),
    );
    expect(error.issues).toEqual([
      { path: 'lines.0.underWarrantyClaim', code: 'no_warranty_claim' },
    ]);
  });
});
