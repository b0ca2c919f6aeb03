import type { SyncStatus } from '../../core/contract/sync';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import { customers, orderEvents, repairOrders, sites } from '../../core/db/schema';
import { expectOk, intakeInput } from '../support/desk';
import { enrolledDesk, moveOrder, orderNumbers, staleTransition } from '../support/sync-desk';

import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

describe.each(backends)('pulling what belongs to each desk (%s)', (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('the head office receives every order; each reception desk only its own', async () => {
    server = await startTestServer(backend);
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const milan = await enrolledDesk(server, 'MI01', 'reception');
    const rome = await enrolledDesk(server, 'RM01', 'reception');
    const a = (await expectOk(milan.call('createIntake', intakeInput()))) as OrderDetail;
    const b = (await expectOk(
      rome.call(
        'createIntake',
        intakeInput({ customer: { mode: 'new', name: 'Marco Rossi', phone: '+39 333 111 2233' } }),
      ),
    )) as OrderDetail;
    for (const desk of [milan, rome, headOffice]) expect((await desk.sync()).ok).toBe(true);
    await milan.sync();

    expect(orderNumbers(headOffice)).toEqual([a.number, b.number].sort());
    expect(orderNumbers(milan)).toEqual([a.number]);
    expect(orderNumbers(rome)).toEqual([b.number]);
    // Reference data reaches every desk: all sites.
    expect(milan.db.select({ n: count() }).from(sites).get()!.n).toBe(3);
    const detail = (await expectOk(
      headOffice.call('getOrder', { number: b.number }),
    )) as OrderDetail;
    expect(detail.customerName).toBe('Marco Rossi');
    expect(detail.events).toHaveLength(1);
  });

  it('a partner workshop gets the device, the fault and the number, never the customer', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    const partner = await enrolledDesk(server, 'PW01', 'workshop_partner');
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    await desk.sync();
    await partner.sync();
    expect(orderNumbers(partner)).toEqual([]);

    await desk.sync(); // the desk learns that the partner exists
    // The device changes hands on arrival: custody moves to the partner with `at_workshop`.
    await moveOrder(desk, order.id, 'in_transit_to_workshop', partner.site.id);
    await moveOrder(desk, order.id, 'at_workshop');
    expect((await desk.sync()).push).toMatchObject({ rejected: 0 });
    await partner.sync();
    const received = (await expectOk(partner.call('getOrder', { id: order.id }))) as OrderDetail;
    expect(received).toMatchObject({
      number: order.number,
      complaint: order.complaint,
      deviceModel: 'iPhone 14',
    });
    expect(received.events).toHaveLength(3);
    const customerRow = partner.db.select().from(customers).get()!;
    expect(customerRow.name).not.toContain('Giulia');
    expect(customerRow.phone).not.toContain('555');
    expect(JSON.stringify(partner.db.$client.prepare('SELECT * FROM customers').all())).not.toMatch(
      /Bianchi|0199/,
    );
  });

  it('when custody moves on, the order enters the workshop and later leaves it', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    const workshop = await enrolledDesk(server, 'WS01', 'workshop_own');
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    await desk.sync(); // the desk learns that the workshop exists
    await moveOrder(desk, order.id, 'in_transit_to_workshop', workshop.site.id);
    await moveOrder(desk, order.id, 'at_workshop');
    await desk.sync();
    await workshop.sync();
    expect(orderNumbers(workshop)).toEqual([order.number]);
    // The workshop's own customer copy is complete (own workshops may call the customer).
    expect(workshop.db.select().from(customers).get()!.name).toBe('Giulia Bianchi');

    for (const to of ['diagnosed', 'in_repair', 'repaired', 'in_transit_to_desk'] as const)
      await moveOrder(workshop, order.id, to);
    expect((await workshop.sync()).push).toMatchObject({ accepted: 4, rejected: 0 });
    // The desk records the device's return: custody comes back and the order leaves the workshop.
    await desk.sync();
    await moveOrder(desk, order.id, 'ready_for_pickup');
    expect((await desk.sync()).push).toMatchObject({ rejected: 0 });
    await workshop.sync();
    expect(orderNumbers(workshop)).toEqual([]);
    expect(workshop.db.select({ n: count() }).from(orderEvents).get()!.n).toBe(0);

    // The eviction is addressed to the workshop only: the head office keeps the order.
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    await headOffice.sync();
    expect(orderNumbers(headOffice)).toEqual([order.number]);
    const back = desk.db.select().from(repairOrders).where(eq(repairOrders.id, order.id)).get()!;
    expect(back).toMatchObject({ status: 'ready_for_pickup', custodySiteId: desk.site.id });
    expect(desk.db.select({ n: count() }).from(orderEvents).get()!.n).toBe(8);
  });

  it('a workshop sees an order on its way to it and records the arrival', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    const workshop = await enrolledDesk(server, 'WS01', 'workshop_own');
    const other = await enrolledDesk(server, 'WS02', 'workshop_own');
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    await desk.sync();
    await moveOrder(desk, order.id, 'in_transit_to_workshop', workshop.site.id);
    expect((await desk.sync()).push).toMatchObject({ rejected: 0 });

    await workshop.sync();
    await other.sync();
    expect(orderNumbers(workshop)).toEqual([order.number]);
    expect(orderNumbers(other)).toEqual([]);
    expect(workshop.db.select().from(customers).get()!.name).toBe('Giulia Bianchi');
    await moveOrder(workshop, order.id, 'at_workshop');
    expect((await workshop.sync()).push).toMatchObject({ rejected: 0 });
    await desk.sync();
    const arrived = desk.db.select().from(repairOrders).where(eq(repairOrders.id, order.id)).get()!;
    expect(arrived).toMatchObject({ status: 'at_workshop', custodySiteId: workshop.site.id });
  });

  it('a stale transition is refused, not overwritten', async () => {
    server = await startTestServer(backend);
    // Both move the same order from `received` while apart: the second to arrive loses.
    const { headOffice } = await staleTransition(server);
    const late = await headOffice.sync();
    expect(late.push.rejected).toBe(1);
    const status = (await expectOk(headOffice.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.rejected).toMatchObject([
      { code: 'stale_transition', params: { current: 'cancelled', from: 'received' } },
    ]);
    // After pulling, the head office holds the server's truth.
    expect(headOffice.db.select().from(repairOrders).get()!.status).toBe('cancelled');
  });

  it('a brand-new head-office desk bootstraps in pages with progress', async () => {
    server = await startTestServer(backend);
    const desk = await enrolledDesk(server, 'MI01', 'reception');
    for (let i = 0; i < 12; i++) await expectOk(desk.call('createIntake', intakeInput()));
    await desk.sync();
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const { syncOnce } = await import('../../core/sync/sync-once');
    const progress: number[] = [];
    const round = await syncOnce(headOffice, headOffice.transport, {
      pageSize: 10,
      onProgress: ({ remaining }) => progress.push(remaining),
    });
    expect(round.pages).toBeGreaterThan(4);
    expect(progress[0]).toBeGreaterThan(progress.at(-2)!);
    expect(progress.at(-1)).toBe(0);
    expect(orderNumbers(headOffice)).toHaveLength(12);
  });
});
