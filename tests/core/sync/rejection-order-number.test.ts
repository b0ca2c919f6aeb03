import { describe, expect, it } from 'vitest';
import type { MutationOutcome } from '../../../core/contract/replication';
import type { SyncStatus } from '../../../core/contract/sync';
import { applyPulledPage } from '../../../core/sync/apply-pulled';
import { pushOutbox } from '../../../core/sync/push-outbox';
import type { SyncTransport } from '../../../core/sync/transport';
import { intake, move } from '../../support/counter';
import { expectOk, testDesk } from '../../support/desk';

/** A head office that accepts everything but changes of one name, which it refuses. */
const refusing = (name: string, refusal: Pick<MutationOutcome, 'code' | 'params'>) =>
  ({
    push: async (mutations) => ({
      outcomes: mutations.map((m) =>
        m.name === name
          ? { seq: m.seq, mutationId: m.mutationId, status: 'rejected' as const, ...refusal }
          : { seq: m.seq, mutationId: m.mutationId, status: 'accepted' as const },
      ),
      lastSeq: mutations.at(-1)!.seq,
    }),
  }) as Pick<SyncTransport, 'push'> as SyncTransport;

const refusesMoves = refusing('order.status', {
  code: 'stale_transition',
  params: { current: 'cancelled' },
});

describe('a refused change about an order that has since left this desk', () => {
  it('still names the order, as it was when the change was queued', async () => {
    const desk = testDesk();
    const order = await intake(desk);
    await move(desk, order.id, 'received', 'diagnosed');
    await pushOutbox(desk.db, refusesMoves, () => Date.now());

    // The next page takes the order off this desk (its custody moved to another site).
    applyPulledPage(
      desk.db,
      [{ type: 'change', tbl: 'repair_orders', id: order.id, op: 'evict', data: null }],
      '42',
    );
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toEqual([
      expect.objectContaining({
        name: 'order.status',
        code: 'stale_transition',
        orderNumber: order.number,
        subject: null,
      }),
    ]);
  });

  it('names it also when the order left before the refusal arrived (its answer was lost)', async () => {
    const desk = testDesk();
    const order = await intake(desk);
    await move(desk, order.id, 'received', 'diagnosed');
    // The head office refused the move, but the answer never reached the desk.
    const answerLost = {
      push: async () => {
        throw new Error('connection reset');
      },
    } as Pick<SyncTransport, 'push'> as SyncTransport;
    await expect(pushOutbox(desk.db, answerLost, () => Date.now())).rejects.toThrow();
    applyPulledPage(
      desk.db,
      [{ type: 'change', tbl: 'repair_orders', id: order.id, op: 'evict', data: null }],
      '42',
    );
    // Sent again, the push is answered from what the head office stored: refused.
    await pushOutbox(desk.db, refusesMoves, () => Date.now());

    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toEqual([
      expect.objectContaining({ name: 'order.status', orderNumber: order.number }),
    ]);
  });
});

describe('a refused change to a customer', () => {
  it('names the customer, as the desk holds them, and no order', async () => {
    const desk = testDesk();
    const order = await intake(desk);
    await expectOk(
      desk.call('updateCustomer', { id: order.customerId, email: 'giulia@example.com' }),
    );
    const refusesCustomers = refusing('customer.update', {
      code: 'out_of_scope',
      params: { table: 'customers' },
    });
    await pushOutbox(desk.db, refusesCustomers, () => Date.now());

    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toEqual([
      expect.objectContaining({
        name: 'customer.update',
        code: 'out_of_scope',
        orderNumber: null,
        subject: { kind: 'customer', label: 'Giulia Bianchi' },
      }),
    ]);
  });
});
