import { describe, expect, it } from 'vitest';
import { expectOk } from '../../support/desk';
import { deskWithClock, intake } from '../../support/counter';

describe('devices', () => {
  it('suggests brands and models typed before, most used first', async () => {
    const { desk } = deskWithClock();
    const phone = (brand: string, model: string) => ({
      device: { mode: 'new' as const, category: 'phone' as const, brand, model },
    });
    await intake(desk, phone('Samsung', 'Galaxy S23'));
    await intake(desk, phone('Samsung', 'Galaxy A54'));
    await intake(desk, phone('Samsung', 'Galaxy A54'));
    await intake(desk, phone('Sony', 'Xperia 10'));
    await intake(desk, phone('Apple', 'iPhone 14'));

    const s = (await expectOk(desk.call('suggestDevices', { brand: 's' }))) as {
      brands: { brand: string; uses: number }[];
    };
    expect(s.brands).toEqual([
      { brand: 'Samsung', uses: 3 },
      { brand: 'Sony', uses: 1 },
    ]);
    const models = (await expectOk(
      desk.call('suggestDevices', { category: 'phone', brand: 'samsung', model: 'galaxy' }),
    )) as { models: { model: string; uses: number }[] };
    expect(models.models.map((m) => [m.model, m.uses])).toEqual([
      ['Galaxy A54', 2],
      ['Galaxy S23', 1],
    ]);
  });

  it('finds a device by the IMEI a scanner reads, with its orders', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk, {
      device: {
        mode: 'new',
        category: 'phone',
        brand: 'Samsung',
        model: 'A54',
        imei: '490154203237518',
      },
    });
    const history = (await expectOk(
      desk.call('getDeviceHistory', { serialOrImei: '490154203237518' }),
    )) as { id: string; orders: { number: string }[]; validSlips: unknown[] }[];
    expect(history).toMatchObject([
      { id: order.deviceId, orders: [{ number: order.number }], validSlips: [] },
    ]);
    expect(await expectOk(desk.call('getDeviceHistory', { deviceId: order.deviceId }))).toEqual(
      history,
    );
  });
});
