import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import type { SyncStatus } from '../../core/contract/sync';
import { repairOrders } from '../../core/db/schema';
import type { Desk } from '../../core/runtime/desk';
import { expectOk, intakeInput } from '../support/desk';
import {
  authorizationOf,
  enrolledDesk,
  moveOrder,
  outboxMutations,
  rawPush,
} from '../support/sync-desk';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

function orderOn(desk: Desk, id: string) {
  return desk.db.select().from(repairOrders).where(eq(repairOrders.id, id)).get();
}

async function serverOrder(server: TestServer, id: string) {
  const [row] = await server.db.query<{ status: string; custody: string }>(
    `SELECT data->>'status' AS status, data->>'custodySiteId' AS custody
       FROM records WHERE tbl = 'repair_orders' AND id = $1`,
    [id],
  );
  return row;
}

describe.each(backends)('only the site holding the device moves it (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('a device goes out and back at the hands of its holders; the head office is refused and told who holds it', async () => {
    server = await startTestServer(backend);
    const rome = await enrolledDesk(server, 'RM01', 'reception');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const lab = await enrolledDesk(server, 'LAB1', 'workshop_own');
    const order = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
    await rome.sync();
    await headOffice.sync();

    // The head office's desk refuses at once: the device is on Rome's shelf.
    const refused = await headOffice.call('sendToWorkshop', {
      orderId: order.id,
      workshopSiteId: lab.site.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_custodian' } });
    expect(outboxMutations(headOffice)).toEqual([]);

    // Rome sends it, the workshop records its arrival and sends it back, Rome takes it in.
    await moveOrder(rome, order.id, 'in_transit_to_workshop', lab.site.id);
    expect((await rome.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    await lab.sync();
    await moveOrder(lab, order.id, 'at_workshop');
    await moveOrder(lab, order.id, 'unrepairable');
    await moveOrder(lab, order.id, 'in_transit_to_desk');
    expect((await lab.sync()).push).toMatchObject({ accepted: 3, rejected: 0 });
    await rome.sync();
    await moveOrder(rome, order.id, 'ready_for_pickup');
    expect((await rome.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'ready_for_pickup',
      custody: rome.site.id,
    });

    // A head office desk that did not check (an older version) hands the device over: the
    // server refuses, says who holds it, keeps the order as it was and puts the desk's copy back.
    await headOffice.sync();
    headOffice.db
      .update(repairOrders)
      .set({ custodySiteId: headOffice.site.id })
      .where(eq(repairOrders.id, order.id))
      .run();
    await expectOk(
      headOffice.call('handOver', {
        orderId: order.id,
        lines: [],
        payments: [],
        termsVersion: 'IT-warranty-2026-01',
      }),
    );
    expect((await headOffice.sync()).push).toMatchObject({ accepted: 0, rejected: 1 });
    const status = (await expectOk(headOffice.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toMatchObject([
      {
        name: 'order.handover',
        code: 'out_of_scope',
        params: { reason: 'not_custodian', holder: 'RM01' },
      },
    ]);
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'ready_for_pickup',
      custody: rome.site.id,
    });
    await headOffice.sync();
    expect(orderOn(headOffice, order.id)).toMatchObject({
      status: 'ready_for_pickup',
      custodySiteId: rome.site.id,
    });
    await rome.sync();
    expect(orderOn(rome, order.id)).toMatchObject({ status: 'ready_for_pickup' });

    // What does not move the device stays the head office's: marking it unclaimed is accepted.
    await moveOrder(headOffice, order.id, 'unclaimed');
    expect((await headOffice.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('a holder’s offline move overtaken by the receiver’s is refused as stale, not as custody', async () => {
    server = await startTestServer(backend);
    const rome = await enrolledDesk(server, 'RM01', 'reception');
    const lab = await enrolledDesk(server, 'LAB1', 'workshop_own');
    const order = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
    await rome.sync();
    await moveOrder(rome, order.id, 'in_transit_to_workshop', lab.site.id);
    await rome.sync();
    await lab.sync();
    // Rome, offline, notes the arrival it was told of by phone; the workshop records it first.
    await moveOrder(rome, order.id, 'at_workshop');
    await moveOrder(lab, order.id, 'at_workshop');
    expect((await lab.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await rome.sync()).push).toMatchObject({ accepted: 0, rejected: 1 });
    const status = (await expectOk(rome.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toMatchObject([
      { code: 'stale_transition', params: { current: 'at_workshop' } },
    ]);
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'at_workshop',
      custody: lab.site.id,
    });
  });

  it('a customer’s withdrawal returns the device; an older desk’s cancel at the workshop is refused, saying so', async () => {
    server = await startTestServer(backend);
    const rome = await enrolledDesk(server, 'RM01', 'reception');
    const lab = await enrolledDesk(server, 'LAB1', 'workshop_own');
    const order = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
    await rome.sync();
    await moveOrder(rome, order.id, 'in_transit_to_workshop', lab.site.id);
    await rome.sync();
    await lab.sync();
    await moveOrder(lab, order.id, 'at_workshop');
    await lab.sync();

    // The workshop records the customer's withdrawal. Pushed first, as a desk of the previous
    // version would have queued it: a cancel at the workshop (its table allowed one), then the
    // withdrawal without the customer's words; then as this desk queued it.
    await moveOrder(lab, order.id, 'in_transit_to_desk');
    const [change] = outboxMutations(lab);
    const args = change!.args as {
      changes: Record<string, unknown>;
      event: Record<string, unknown>;
    };
    const variant = (k: number, to: string, event: Record<string, unknown>) => ({
      ...change!,
      seq: change!.seq + k,
      mutationId: randomUUID(),
      args: {
        ...args,
        changes: { ...args.changes, status: to, ...(to === 'cancelled' ? { closedAt: 1 } : {}) },
        event: { ...args.event, id: randomUUID(), toStatus: to, ...event },
      },
    });
    const real = {
      ...change!,
      seq: change!.seq + 2,
      args: { ...args, changes: { ...args.changes } },
    };
    const pushed = await rawPush(server.url, authorizationOf(lab), {
      mutations: [
        variant(0, 'cancelled', { reason: 'il cliente rinuncia' }),
        variant(1, 'in_transit_to_desk', { reason: null }),
        real,
      ],
    });
    expect(pushed.body.outcomes).toMatchObject([
      {
        status: 'rejected',
        code: 'illegal_transition',
        params: { from: 'at_workshop', to: 'cancelled', reason: 'cancel_away' },
      },
      { status: 'rejected', code: 'validation', params: { field: 'reason' } },
      { status: 'accepted' },
    ]);
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'in_transit_to_desk',
      custody: lab.site.id,
    });
    await rome.sync();
    await moveOrder(rome, order.id, 'ready_for_pickup');
    expect((await rome.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'ready_for_pickup',
      custody: rome.site.id,
    });
  });

  it('work on a device at a workshop is the workshop’s: another desk’s push is refused, and an arrival is where it was sent', async () => {
    server = await startTestServer(backend);
    const rome = await enrolledDesk(server, 'RM01', 'reception');
    const lab = await enrolledDesk(server, 'LAB1', 'workshop_own');
    const lab2 = await enrolledDesk(server, 'LAB2', 'workshop_own');
    const order = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
    await rome.sync();
    await moveOrder(rome, order.id, 'in_transit_to_workshop', lab.site.id);
    await rome.sync();
    await lab.sync();

    // Rome, holding the device on its way, records an arrival at another workshop than the one
    // it was sent to (as a desk that did not check would): refused, the order stays on its way.
    await moveOrder(rome, order.id, 'at_workshop');
    const [arrival] = outboxMutations(rome);
    const args = arrival!.args as { changes: Record<string, unknown> };
    const elsewhere = {
      ...arrival!,
      args: {
        ...args,
        changes: { ...args.changes, workshopSiteId: lab2.site.id, custodySiteId: lab2.site.id },
      },
    };
    const pushed = await rawPush(server.url, authorizationOf(rome), { mutations: [elsewhere] });
    expect(pushed.body.outcomes).toMatchObject([
      { status: 'rejected', code: 'validation', params: { field: 'workshopSiteId' } },
    ]);
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'in_transit_to_workshop',
      custody: rome.site.id,
    });
    await moveOrder(lab, order.id, 'at_workshop');
    expect((await lab.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    await rome.sync();

    // A counter that did not check (an older version) diagnoses the device the workshop holds.
    rome.db
      .update(repairOrders)
      .set({ custodySiteId: rome.site.id })
      .where(eq(repairOrders.id, order.id))
      .run();
    await moveOrder(rome, order.id, 'diagnosed');
    expect((await rome.sync()).push).toMatchObject({ accepted: 0, rejected: 1 });
    const status = (await expectOk(rome.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'out_of_scope',
          params: expect.objectContaining({ reason: 'not_custodian', holder: 'LAB1' }),
        }),
      ]),
    );
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'at_workshop',
      custody: lab.site.id,
    });
  });

  it('a move that hands custody where the workflow does not is refused as invalid', async () => {
    server = await startTestServer(backend);
    const rome = await enrolledDesk(server, 'RM01', 'reception');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const order = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
    await rome.sync();
    await headOffice.sync();
    await moveOrder(headOffice, order.id, 'cancelled');
    const [change] = outboxMutations(headOffice);
    const args = change!.args as { changes: Record<string, unknown> };
    const forged = {
      ...change!,
      args: { ...args, changes: { ...args.changes, custodySiteId: headOffice.site.id } },
    };
    const pushed = await rawPush(server.url, authorizationOf(headOffice), { mutations: [forged] });
    expect(pushed.body.outcomes).toMatchObject([
      { status: 'rejected', code: 'validation', params: { field: 'custodySiteId' } },
    ]);
    expect(await serverOrder(server, order.id)).toEqual({
      status: 'received',
      custody: rome.site.id,
    });
  });
});
