import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CustomerDetail } from '../../../core/contract/customers';
import { customers, devices, outbox, repairOrders } from '../../../core/db/schema';
import { expectOk, intakeInput, testDesk } from '../../support/desk';
import { actor, deskWithClock, expectError, intake, rowCounts } from '../../support/counter';

describe('the details taken at intake', () => {
  it('records consent with the text versions, a company with a valid P.IVA, condition and accessories', async () => {
    const { desk, clock } = deskWithClock();
    const order = await intake(desk, {
      customer: {
        mode: 'new',
        kind: 'company',
        name: 'Ferrari Impianti S.r.l.',
        phone: '02 8765 4321',
        vatNumber: 'IT 00743110157',
        taxId: '00743110157',
        consent: { privacyVersion: 'IT-privacy-2026-01', termsVersion: 'IT-terms-2026-01' },
      },
      device: { mode: 'new', category: 'laptop', brand: 'Lenovo', model: 'ThinkPad T14' },
      condition: ['scratches', 'missing_keys'],
      conditionNotes: 'Tasto F5 mancante',
      accessories: ['charger', 'bag'],
      preauthorisedAmount: 8000,
      diagnosisFee: 2500,
      deposit: 2000,
      itemValue: 90_000,
      promisedOn: '2026-03-09',
    });
    expect(order).toMatchObject({
      condition: ['scratches', 'missing_keys'],
      accessories: ['charger', 'bag'],
      preauthorisedAmount: 8000,
      diagnosisFee: 2500,
      deposit: 2000,
      itemValue: 90_000,
      promisedOn: '2026-03-09',
      unlockKind: null,
    });
    const customer = (await expectOk(
      desk.call('getCustomer', { id: order.customerId }),
    )) as CustomerDetail;
    expect(customer).toMatchObject({
      kind: 'company',
      vatNumber: 'IT00743110157',
      privacyConsentVersion: 'IT-privacy-2026-01',
      privacyConsentAt: clock.now,
      termsVersion: 'IT-terms-2026-01',
    });
  });

  it('tells the receptionist every wrong field at once — phone and tax ids — and saves nothing', async () => {
    const { desk } = deskWithClock();
    const error = await expectError(
      desk.call(
        'createIntake',
        intakeInput({
          customer: {
            mode: 'new',
            name: 'Mario Rossi',
            phone: '123456',
            taxId: 'RSSMRA85T10A562T',
            vatNumber: '12345678901',
          },
        }),
      ),
    );
    expect(error.issues).toEqual([
      { path: 'customer.phone', code: 'invalid_phone' },
      { path: 'customer.taxId', code: 'invalid_tax_code' },
      { path: 'customer.vatNumber', code: 'invalid_vat_number' },
    ]);
    expect(rowCounts(desk).customers).toBe(0);
  });

  it('refuses condition items that are not on the category checklist', async () => {
    const { desk } = deskWithClock();
    const error = await expectError(
      desk.call(
        'createIntake',
        intakeInput({ condition: ['cracked_screen', 'worn_sole'], accessories: ['remote'] }),
      ),
    );
    expect(error.issues).toEqual([
      { path: 'condition.1', code: 'unknown_condition_item', params: { item: 'worn_sole' } },
      { path: 'accessories.0', code: 'unknown_accessory_item', params: { item: 'remote' } },
    ]);
  });

  it('asks for proof of purchase on a manufacturer warranty and keeps it on the device', async () => {
    const { desk } = deskWithClock();
    const missing = await expectError(
      desk.call('createIntake', intakeInput({ warrantyBasis: 'manufacturer' })),
    );
    expect(missing.issues).toEqual([
      { path: 'proofOfPurchase', code: 'proof_of_purchase_required' },
    ]);
    const order = await intake(desk, {
      warrantyBasis: 'manufacturer',
      proofOfPurchase: { purchasedOn: '2025-11-20', document: 'Scontrino MediaWorld n. 4411' },
    });
    const device = desk.db.select().from(devices).where(eq(devices.id, order.deviceId)).get()!;
    expect(device).toMatchObject({
      purchaseDate: '2025-11-20',
      proofOfPurchase: 'Scontrino MediaWorld n. 4411',
    });
  });

  it('keeps the unlock code encrypted and shows it only to a technician', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk, { unlock: { kind: 'pattern', value: '1-5-9-6-3' } });
    expect(order.unlockKind).toBe('pattern');

    const stored = desk.db.select().from(repairOrders).where(eq(repairOrders.id, order.id)).get()!;
    expect(stored.unlockSecret).toMatch(/^pattern:v1:/);
    expect(stored.unlockSecret).not.toContain('1-5-9-6-3');
    const queued = JSON.stringify(desk.db.select().from(outbox).all());
    expect(queued).not.toContain('1-5-9-6-3');
    const keyFile = path.join(desk.dataDir, 'keys', 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const technician = actor(desk, 'technician');
    expect(
      await expectOk(desk.call('revealUnlockCode', { orderId: order.id }, technician)),
    ).toEqual({
      kind: 'pattern',
      value: '1-5-9-6-3',
    });
    const receptionist = actor(desk, 'receptionist');
    const refused = await expectError(
      desk.call('revealUnlockCode', { orderId: order.id }, receptionist),
    );
    expect(refused.code).toBe('forbidden');
  });

  it('says the code cannot be read when the desk lost its key, instead of failing', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk, { unlock: { kind: 'pin', value: '1234' } });
    desk.close();
    fs.rmSync(path.join(desk.dataDir, 'keys', 'secret.key'));
    const reopened = testDesk({ dataDir: desk.dataDir });
    const error = await expectError(
      reopened.call('revealUnlockCode', { orderId: order.id }, actor(reopened, 'technician')),
    );
    expect(error).toEqual({ code: 'secret_unavailable' });
  });

  it('refuses a 20 000-character complaint, a wrong IMEI digit and negative money, saving nothing', async () => {
    const { desk } = deskWithClock();
    const error = await expectError(
      desk.call(
        'createIntake',
        intakeInput({
          complaint: 'x'.repeat(20_000),
          device: {
            mode: 'new',
            category: 'phone',
            brand: 'Samsung',
            model: 'A54',
            imei: '490154203237519',
          },
          deposit: -500,
          itemValue: 10 ** 12,
        }),
      ),
    );
    expect(error.code).toBe('validation');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'complaint', code: 'too_big_string', params: { maximum: 4000 } },
        { path: 'device.imei', code: 'invalid_imei' },
        { path: 'deposit', code: 'too_small_number', params: { minimum: 0 } },
        { path: 'itemValue', code: 'too_big_number', params: { maximum: 1_000_000_000 } },
      ]),
    );
    expect(rowCounts(desk)).toMatchObject({ customers: 0, devices: 0, orders: 0, outbox: 0 });
    expect(desk.db.select().from(customers).all()).toEqual([]);
  });
});
