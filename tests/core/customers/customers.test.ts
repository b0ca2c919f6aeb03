import { describe, expect, it } from 'vitest';
import type { CustomerDetail } from '../../../core/contract/customers';
import { outbox } from '../../../core/db/schema';
import { expectOk } from '../../support/desk';
import { deskWithClock, expectError, intake, rowCounts } from '../../support/counter';

type Duplicate = { name: string; reasons: string[] };

describe('customers at the counter', () => {
  it('warns of a likely duplicate by phone, e-mail, or a similar name with the same last digits', async () => {
    const { desk } = deskWithClock();
    await intake(desk, {
      customer: {
        mode: 'new',
        name: 'Giulia Bianchi',
        phone: '+39 347 555 0199',
        email: 'giulia@example.it',
      },
    });
    await intake(desk, {
      customer: { mode: 'new', name: 'Marco Neri', phone: '+39 333 111 2222' },
    });

    const samePhone = (await expectOk(
      desk.call('findLikelyDuplicates', { name: 'G. Bianchi', phone: '347 5550199' }),
    )) as Duplicate[];
    expect(samePhone.map((d) => [d.name, d.reasons])).toEqual([['Giulia Bianchi', ['same_phone']]]);

    const sameEmail = (await expectOk(
      desk.call('findLikelyDuplicates', { name: 'Altro', email: 'GIULIA@example.it' }),
    )) as Duplicate[];
    expect(sameEmail.map((d) => d.reasons)).toEqual([['same_email']]);

    // Landline instead of mobile, surname first and one letter off: same last four digits.
    const similar = (await expectOk(
      desk.call('findLikelyDuplicates', { name: 'Bianchi Giula', phone: '02 4455 0199' }),
    )) as Duplicate[];
    expect(similar.map((d) => [d.name, d.reasons])).toEqual([
      ['Giulia Bianchi', ['similar_name_phone_suffix']],
    ]);

    const stranger = await expectOk(
      desk.call('findLikelyDuplicates', { name: 'Paolo Gialli', phone: '02 4455 0199' }),
    );
    expect(stranger).toEqual([]);
  });

  it('shows a customer with each device and its earlier orders', async () => {
    const { desk } = deskWithClock();
    const first = await intake(desk);
    await intake(desk, {
      customer: { mode: 'existing', id: first.customerId },
      device: { mode: 'new', category: 'tv', brand: 'LG', model: 'OLED55C3' },
      complaint: 'Nessuna immagine',
    });
    const customer = (await expectOk(
      desk.call('getCustomer', { id: first.customerId }),
    )) as CustomerDetail;
    expect(customer.orderCount).toBe(2);
    expect(customer.devices.map((d) => [d.brand, d.orders.length])).toEqual([
      ['Apple', 1],
      ['LG', 1],
    ]);
  });

  it('updates the fields sent, clears an emptied one, and queues the change', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk, {
      customer: {
        mode: 'new',
        name: 'Giulia Bianchi',
        phone: '+39 347 555 0199',
        email: 'g@example.it',
      },
    });
    const domainMutations = () =>
      desk.db
        .select()
        .from(outbox)
        .all()
        .filter((m) => m.name !== 'audit.append');
    const outboxBefore = domainMutations().length;
    const updated = (await expectOk(
      desk.call('updateCustomer', {
        id: order.customerId,
        phone: '347 555 0200',
        email: '',
        taxId: 'rssmra85t10a562s',
      }),
    )) as CustomerDetail;
    expect(updated).toMatchObject({
      name: 'Giulia Bianchi',
      phone: '+393475550200',
      email: null,
      taxId: 'RSSMRA85T10A562S',
    });
    const queued = domainMutations();
    expect(queued).toHaveLength(outboxBefore + 1);
    expect(queued.at(-1)).toMatchObject({ name: 'customer.update' });
  });

  it('refuses an update with a phone that is not a phone or a wrong codice fiscale, changing nothing', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const before = rowCounts(desk);
    const badPhone = await expectError(
      desk.call('updateCustomer', { id: order.customerId, phone: '123456' }),
    );
    expect(badPhone.issues).toEqual([{ path: 'phone', code: 'invalid_phone' }]);
    const badTax = await expectError(
      desk.call('updateCustomer', { id: order.customerId, taxId: 'RSSMRA85T10A562T' }),
    );
    expect(badTax.issues).toEqual([{ path: 'taxId', code: 'invalid_tax_code' }]);
    expect(rowCounts(desk)).toEqual(before);
  });
});
