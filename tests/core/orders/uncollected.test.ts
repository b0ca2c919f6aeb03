import { describe, expect, it } from 'vitest';
import { expectOk } from '../../support/desk';
import { deskWithClock, intake, move } from '../../support/counter';

type Uncollected = {
  number: string;
  daysWaiting: number;
  storageFee: number;
  reminders: { channel: string }[];
};

describe('devices nobody collects', () => {
  it('lists orders ready for too long with reminders and the storage fee due', async () => {
    const { desk, advanceDays } = deskWithClock();
    await expectOk(
      desk.call('updateCounterSettings', {
        uncollectedAfterDays: 20,
        storageFreeDays: 30,
        storageFeePerDay: 150,
      }),
    );
    const forgotten = await intake(desk);
    await move(desk, forgotten.id, 'received', 'ready_for_pickup');
    advanceDays(10);
    const recent = await intake(desk);
    await move(desk, recent.id, 'received', 'ready_for_pickup');

    advanceDays(15);
    await expectOk(desk.call('recordReminder', { orderId: forgotten.id, channel: 'sms' }));
    let list = (await expectOk(desk.call('listUncollected', {}))) as Uncollected[];
    expect(list.map((o) => [o.number, o.daysWaiting, o.storageFee])).toEqual([
      [forgotten.number, 25, 0],
    ]);

    advanceDays(10);
    await expectOk(
      desk.call('recordReminder', { orderId: forgotten.id, channel: 'phone', note: 'Segreteria' }),
    );
    list = (await expectOk(desk.call('listUncollected', {}))) as Uncollected[];
    expect(list.map((o) => [o.number, o.daysWaiting, o.storageFee])).toEqual([
      [forgotten.number, 35, 5 * 150],
      [recent.number, 25, 0],
    ]);
    expect(list[0]!.reminders.map((r) => r.channel)).toEqual(['sms', 'phone']);
  });

  it('uses 30 days when the site never set it', async () => {
    const { desk } = deskWithClock();
    expect(await expectOk(desk.call('getCounterSettings', {}))).toEqual({
      uncollectedAfterDays: 30,
      storageFreeDays: 30,
      storageFeePerDay: 0,
    });
  });
});
