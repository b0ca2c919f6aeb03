import { count, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { OrderDetail, CreateIntakeInput } from '../../core/contract/orders';
import type { Estimate } from '../../core/contract/estimates';
import type { HandOverInput, HandOverRecord } from '../../core/contract/handover';
import type { LineInput } from '../../core/contract/lines';
import * as schema from '../../core/db/schema';
import type { SiteKind } from '../../core/db/schema/sites';
import type { Actor } from '../../core/runtime/context';
import type { Desk } from '../../core/runtime/desk';
import { expectOk, intakeInput, testDesk } from './desk';

/** A desk whose clock the test moves: starts on 2 March 2026, 10:00 in Milan. */
export function deskWithClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  const clock = { now: start };
  const desk = testDesk({ now: () => clock.now });
  return {
    desk,
    clock,
    advanceDays(days: number) {
      clock.now += days * 86_400_000;
    },
  };
}

export function addWorkshop(desk: Desk, code = 'LAB1'): string {
  return addSite(desk, code, 'workshop_own', `Laboratorio ${code}`);
}

/** Another site of the network, as a pull brings it to the desk. */
export function addSite(desk: Desk, code: string, kind: SiteKind, name: string): string {
  const id = uuidv7();
  desk.db
    .insert(schema.sites)
    .values({
      id,
      originSiteId: id,
      createdAt: 0,
      updatedAt: 0,
      code,
      name,
      kind,
      timezone: 'Europe/Rome',
      country: 'IT',
      currency: 'EUR',
      locale: 'it-IT',
      legal: { legalName: 'Laboratorio S.r.l.', address: 'Via Roma 2, Milano' },
    })
    .run();
  return id;
}

export function actor(desk: Desk, ...roles: Actor['roles'][number][]): Actor {
  return { ...desk.defaultActor, roles };
}

export async function intake(desk: Desk, overrides: Partial<CreateIntakeInput> = {}) {
  return (await expectOk(desk.call('createIntake', intakeInput(overrides)))) as OrderDetail;
}

export async function move(desk: Desk, orderId: string, expectedStatus: string, to: string) {
  return (await expectOk(
    desk.call('changeStatus', { orderId, expectedStatus, to, reason: `to ${to}` }),
  )) as OrderDetail;
}

export const screenLabour: LineInput = {
  kind: 'labour',
  description: 'Sostituzione display',
  quantityMilli: 1000,
  unitPrice: 4000,
  vatRateBp: 2200,
  warrantyMonths: 3,
};
export const screenPart: LineInput = {
  kind: 'part',
  description: 'Display OLED iPhone 14',
  quantityMilli: 1000,
  unitPrice: 18_000,
  vatRateBp: 2200,
  warrantyMonths: 12,
};

/** Diagnosis at the desk, estimate, approval by phone, repair: the order ends ready for pickup. */
export async function repairedAndReady(
  desk: Desk,
  order: OrderDetail,
  lines = [screenLabour, screenPart],
) {
  await move(desk, order.id, 'received', 'diagnosed');
  const estimate = (await expectOk(
    desk.call('saveEstimate', { orderId: order.id, lines }),
  )) as Estimate;
  await expectOk(
    desk.call('recordApproval', {
      estimateId: estimate.id,
      decision: 'approved',
      via: 'phone',
      at: estimate.createdAt,
    }),
  );
  await move(desk, order.id, 'approved', 'in_repair');
  await move(desk, order.id, 'in_repair', 'repaired');
  return move(desk, order.id, 'repaired', 'ready_for_pickup');
}

export async function handOver(desk: Desk, input: HandOverInput) {
  return (await expectOk(desk.call('handOver', input))) as HandOverRecord;
}

/** Rows per table, to prove a refused request changed nothing. */
export function rowCounts(desk: Desk) {
  const tables = {
    customers: schema.customers,
    devices: schema.devices,
    orders: schema.repairOrders,
    events: schema.orderEvents,
    estimates: schema.estimates,
    lines: schema.orderLines,
    payments: schema.payments,
    slips: schema.warrantySlips,
    attachments: schema.attachments,
    outbox: schema.outbox,
  };
  return Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [
      name,
      desk.db.select({ n: count() }).from(table).get()!.n,
    ]),
  );
}

export async function expectError(promise: Promise<{ ok: boolean; error?: unknown }>): Promise<{
  code: string;
  params?: Record<string, unknown>;
  issues?: { path: string; code: string }[];
}> {
  const result = await promise;
  if (result.ok) throw new Error('expected an error, got success');
  return result.error as never;
}

/**
 * Runs `steps` with the desk acting as another site (its `desk.siteId` setting, which the desk
 * re-reads on every call), as that site's own desk would record them; replication is not what
 * such a test is about. Work on a device is recorded by the site holding it.
 */
export async function asSite<T>(desk: Desk, siteId: string, steps: () => Promise<T>): Promise<T> {
  const own = desk.site.id;
  const become = (id: string) =>
    desk.db
      .update(schema.settings)
      .set({ value: id })
      .where(eq(schema.settings.key, 'desk.siteId'))
      .run();
  become(siteId);
  try {
    return await steps();
  } finally {
    become(own);
  }
}
