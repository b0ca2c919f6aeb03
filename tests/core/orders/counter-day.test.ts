import { describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../core/contract';
import type { MethodOutput } from '../../../core/contract/client';
import type { Desk } from '../../../core/runtime/desk';
import {
  actor,
  addWorkshop,
  asSite,
  deskWithClock,
  screenLabour,
  screenPart,
} from '../../support/counter';

/** Calls a method and holds its answer to the contract's output schema, as the renderer will. */
async function call<M extends MethodName>(
  desk: Desk,
  method: M,
  input: unknown,
  as = desk.defaultActor,
) {
  const result = await desk.call(method, input, as);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return contract[method].output.parse(result.value) as MethodOutput<M>;
}

const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]).toString(
  'base64',
);

describe('a day at the counter', () => {
  it('takes a phone in, sends it away, prices, repairs, hands it back, and takes it back under warranty', async () => {
    const { desk, advanceDays } = deskWithClock();
    const workshop = addWorkshop(desk);
    const technician = actor(desk, 'technician');

    const duplicates = await call(desk, 'findLikelyDuplicates', {
      name: 'Giulia Bianchi',
      phone: '347 555 0199',
    });
    expect(duplicates).toEqual([]);
    const order = await call(desk, 'createIntake', {
      customer: {
        mode: 'new',
        name: 'Giulia Bianchi',
        phone: '347 555 0199',
        taxId: 'RSSMRA85T10A562S',
        consent: { privacyVersion: 'IT-privacy-2026-01', termsVersion: 'IT-terms-2026-01' },
      },
      device: {
        mode: 'new',
        category: 'phone',
        brand: 'Apple',
        model: 'iPhone 14',
        imei: '490154203237518',
      },
      complaint: 'Schermo nero dopo una caduta',
      condition: ['cracked_screen', 'scratches'],
      accessories: ['case'],
      unlock: { kind: 'pin', value: '271828' },
      preauthorisedAmount: 5000,
      deposit: 3000,
      itemValue: 60_000,
      promisedOn: '2026-03-09',
    });
    await call(desk, 'addAttachment', { orderId: order.id, name: 'fronte.jpg', dataBase64: photo });
    await call(desk, 'recordPrint', {
      orderId: order.id,
      document: 'intake_receipt',
      format: '80mm',
    });
    await call(desk, 'recordPrint', {
      orderId: order.id,
      document: 'device_label',
      format: 'label_62x29',
    });

    await call(desk, 'sendToWorkshop', { orderId: order.id, workshopSiteId: workshop });
    advanceDays(1);
    await call(
      desk,
      'changeStatus',
      { orderId: order.id, expectedStatus: 'in_transit_to_workshop', to: 'at_workshop' },
      technician,
    );
    expect(await call(desk, 'revealUnlockCode', { orderId: order.id }, technician)).toEqual({
      kind: 'pin',
      value: '271828',
    });
    // The workshop holds the device: its desk diagnoses and prices it.
    const estimate = await asSite(desk, workshop, async () => {
      await call(
        desk,
        'changeStatus',
        {
          orderId: order.id,
          expectedStatus: 'at_workshop',
          to: 'diagnosed',
          reason: 'Display rotto',
        },
        technician,
      );
      return call(
        desk,
        'saveEstimate',
        { orderId: order.id, lines: [screenLabour, screenPart] },
        technician,
      );
    });
    // The counter, which talks to the customer, records their answer.
    await call(desk, 'recordApproval', {
      estimateId: estimate.id,
      decision: 'approved',
      via: 'phone',
      at: estimate.createdAt + 60_000,
    });
    await asSite(desk, workshop, async () => {
      for (const [from, to] of [
        ['approved', 'in_repair'],
        ['in_repair', 'repaired'],
      ] as const)
        await call(
          desk,
          'changeStatus',
          { orderId: order.id, expectedStatus: from, to },
          technician,
        );
    });
    // Back at the counter: the desk records the arrival (the dispatch is the workshop's, which holds it).
    await call(
      desk,
      'changeStatus',
      { orderId: order.id, expectedStatus: 'repaired', to: 'ready_for_pickup' },
      technician,
    );

    advanceDays(3);
    const record = await call(desk, 'handOver', {
      orderId: order.id,
      lines: [screenLabour, screenPart],
      payments: [
        { method: 'card', amount: 20_000 },
        { method: 'cash', amount: 3840 },
      ],
      termsVersion: 'IT-warranty-2026-01',
    });
    expect(record).toMatchObject({
      depositApplied: 3000,
      amountDue: 23_840,
      slip: { startsOn: '2026-03-06' },
    });
    await call(desk, 'recordPrint', { orderId: order.id, document: 'warranty_slip', format: 'a4' });

    advanceDays(40);
    const [device] = await call(desk, 'getDeviceHistory', { serialOrImei: '490154203237518' });
    const slip = device!.validSlips[0]!;
    const rework = await call(desk, 'createIntake', {
      customer: { mode: 'existing', id: order.customerId },
      device: { mode: 'existing', id: device!.id },
      complaint: 'Il touch non risponde in basso',
      warrantyClaim: {
        slipId: slip.id,
        lineId: slip.coverage.find((c) => c.months === 12)!.lineId,
      },
    });
    expect(rework.warrantyParentOrderId).toBe(order.id);

    const history = await call(desk, 'getOrder', { id: order.id });
    expect(history.events.map((e) => (e.kind === 'status' ? e.toStatus : e.kind))).toEqual([
      'received',
      'attachment',
      'print',
      'print',
      'in_transit_to_workshop',
      'at_workshop',
      'diagnosed',
      'awaiting_approval',
      'approved',
      'in_repair',
      'repaired',
      'ready_for_pickup',
      'handed_over',
      'print',
    ]);
    const customer = await call(desk, 'getCustomer', { id: order.customerId });
    expect(customer.devices[0]!.orders.map((o) => o.number)).toEqual([rework.number, order.number]);
    await call(desk, 'getHandOver', { orderId: order.id });
    await call(desk, 'listEstimates', { orderId: order.id });
    await call(desk, 'listAttachments', { orderId: order.id });
    await call(desk, 'listUncollected', {});
    await call(desk, 'suggestDevices', { brand: 'app' });
  });
});
