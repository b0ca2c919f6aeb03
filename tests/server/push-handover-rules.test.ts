import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import type { PushMutation } from '../../core/contract/replication';
import type { SyncStatus } from '../../core/contract/sync';
import { outbox, repairOrders } from '../../core/db/schema';
import type { Desk } from '../../core/runtime/desk';
import { screenLabour, screenPart } from '../support/counter';
import { expectOk, intakeInput } from '../support/desk';
import {
  authorizationOf,
  enrolledDesk,
  moveOrder,
  outboxMutations,
  rawPush,
  type SyncedDesk,
} from '../support/sync-desk';
import { backends, startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

/** The diagnosis fee of an unrepaired device: 20,49 € + 22 % VAT = 25,00 €, no warranty. */
const fee = {
  kind: 'fee',
  description: 'Diagnosi',
  quantityMilli: 1000,
  unitPrice: 2049,
  vatRateBp: 2200,
  warrantyMonths: 0,
} as const;

type Row = Record<string, unknown>;
interface HandOverArgs {
  orderId: string;
  changes: { status: string; updatedAt: number };
  event: Row & { fromStatus: string };
  lines: Row[];
  payments: Row[];
  slip: Row | null;
  [k: string]: unknown;
}

async function serverState(server: TestServer, orderId: string) {
  const [order] = await server.db.query<{ status: string }>(
    `SELECT data->>'status' AS status FROM records WHERE tbl = 'repair_orders' AND id = $1`,
    [orderId],
  );
  const rows = await server.db.query<{ tbl: string; n: number }>(
    `SELECT tbl, count(*)::int AS n FROM records
      WHERE order_id = $1 AND tbl IN ('order_lines', 'payments', 'warranty_slips')
        AND (tbl <> 'order_lines' OR data->>'estimateId' IS NULL) GROUP BY tbl ORDER BY tbl`,
    [orderId],
  );
  return { status: order?.status, rows: Object.fromEntries(rows.map((r) => [r.tbl, r.n])) };
}

/** The desk's queued hand-over, and copies of it altered as an older or altered build sends them. */
function queuedHandOver(desk: Desk) {
  const change = outboxMutations(desk).find((m) => m.name === 'order.handover')!;
  const args = change.args as HandOverArgs;
  let k = 0;
  const altered = (
    alter: (args: HandOverArgs) => Record<string, unknown>,
    name = change.name,
  ): PushMutation => ({
    ...change,
    name,
    seq: change.seq + k++,
    mutationId: randomUUID(),
    args: alter(structuredClone(args)),
  });
  /** The real one, after `k` altered copies. */
  const real = (): PushMutation => ({ ...change, seq: change.seq + k });
  return { change, args, altered, real };
}

/** Rome takes the device in and sends it to the workshop, which ends with `outcome` and returns it. */
async function backFromWorkshop(
  rome: SyncedDesk,
  lab: SyncedDesk,
  outcome: readonly string[],
  deposit = 0,
) {
  const order = (await expectOk(
    rome.call('createIntake', intakeInput({ deposit })),
  )) as OrderDetail;
  await rome.sync();
  await moveOrder(rome, order.id, 'in_transit_to_workshop', lab.site.id);
  await rome.sync();
  await lab.sync();
  for (const to of ['at_workshop', ...outcome, 'in_transit_to_desk'])
    await moveOrder(lab, order.id, to);
  expect((await lab.sync()).push).toMatchObject({ rejected: 0 });
  await rome.sync();
  await moveOrder(rome, order.id, 'ready_for_pickup');
  expect((await rome.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
  return order;
}

describe.each(backends)(
  'the server applies the hand-over rules the desk applies (%s)',
  (backend) => {
    let server: TestServer;
    beforeAll(() => warmUpBackend(backend), 120_000);
    afterEach(async () => {
      await server?.close();
    });

    it('a hand-over of an unrepaired device with warranty months or a slip, or the step alone as a status change, is refused and changes nothing; the real one is accepted', async () => {
      server = await startTestServer(backend);
      const rome = await enrolledDesk(server, 'RM01', 'reception');
      const lab = await enrolledDesk(server, 'LAB1', 'workshop_own');
      const order = await backFromWorkshop(rome, lab, ['unrepairable']);
      await expectOk(
        rome.call('handOver', {
          orderId: order.id,
          lines: [fee],
          payments: [{ method: 'cash', amount: 2500 }],
          termsVersion: 'IT-warranty-2026-01',
        }),
      );
      const { args, altered, real } = queuedHandOver(rome);
      expect(args.slip).toBeNull();
      const slip = {
        id: randomUUID(),
        originSiteId: rome.site.id,
        createdAt: args.lines[0]!.createdAt,
        orderId: order.id,
        deviceId: order.deviceId,
        startsOn: '2026-12-07',
        endsOn: '2027-12-07',
        coverage: [{ lineId: args.lines[0]!.id, months: 12, endsOn: '2027-12-07' }],
        termsVersion: 'IT-warranty-2026-01',
      };
      const pushed = await rawPush(server.url, authorizationOf(rome), {
        mutations: [
          altered((a) => ({ ...a, lines: [{ ...a.lines[0], warrantyMonths: 12 }] })),
          altered((a) => ({ ...a, slip })),
          // The step alone, as a plain status change: no lines, no payments, nothing to check.
          altered(({ orderId, changes, event }) => ({ orderId, changes, event }), 'order.status'),
          altered(
            ({ orderId, changes, event }) => ({
              orderId,
              fromStatus: event.fromStatus,
              toStatus: changes.status,
              updatedAt: changes.updatedAt,
              event,
            }),
            'order.transition',
          ),
        ],
      });
      const refusal = { reason: 'no_repair_no_warranty', issue: 'no_repair_no_warranty' };
      expect(pushed.body.outcomes).toMatchObject([
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'lines.0.warrantyMonths', ...refusal },
        },
        { status: 'rejected', code: 'validation', params: { field: 'slip', ...refusal } },
        ...Array(2).fill({
          status: 'rejected',
          code: 'validation',
          params: { field: 'changes.status', issue: 'needs_own_change' },
        }),
      ]);
      expect(await serverState(server, order.id)).toEqual({ status: 'ready_for_pickup', rows: {} });

      // The hand-over as this desk made it: the fee, paid, no warranty.
      const accepted = await rawPush(server.url, authorizationOf(rome), { mutations: [real()] });
      expect(accepted.body.outcomes).toMatchObject([{ status: 'accepted' }]);
      expect(await serverState(server, order.id)).toEqual({
        status: 'handed_over',
        rows: { order_lines: 1, payments: 1 },
      });
    });

    it('a repaired device keeps its warranty; payments that do not add up, in another currency or free lines without a claim are refused', async () => {
      server = await startTestServer(backend);
      const rome = await enrolledDesk(server, 'RM01', 'reception');
      const lab = await enrolledDesk(server, 'LAB1', 'workshop_own');
      const order = await backFromWorkshop(rome, lab, ['diagnosed', 'in_repair', 'repaired'], 3000);
      // 220,00 € net + 22 % = 268,40 €, less the 30,00 € deposit.
      await expectOk(
        rome.call('handOver', {
          orderId: order.id,
          lines: [screenLabour, screenPart],
          payments: [
            { method: 'card', amount: 20_000 },
            { method: 'cash', amount: 3840 },
          ],
          termsVersion: 'IT-warranty-2026-01',
        }),
      );
      const { args, altered, real } = queuedHandOver(rome);
      expect(args.payments.map((p) => [p.method, p.amount])).toEqual([
        ['deposit', 3000],
        ['card', 20_000],
        ['cash', 3840],
      ]);
      const pushed = await rawPush(server.url, authorizationOf(rome), {
        mutations: [
          // 10,00 € short.
          altered((a) => ({
            ...a,
            payments: [a.payments[0], { ...a.payments[1], amount: 19_000 }, a.payments[2]],
          })),
          // The deposit counted twice.
          altered((a) => ({
            ...a,
            payments: [a.payments[0], { ...a.payments[0], id: randomUUID() }, a.payments[1]],
          })),
          altered((a) => ({ ...a, payments: a.payments.map((p) => ({ ...p, currency: 'USD' })) })),
          // A VAT rate Italy does not have.
          altered((a) => ({ ...a, lines: [{ ...a.lines[0], vatRateBp: 2100 }, a.lines[1]] })),
          // The part given free without a warranty claim, and the payments cut to match.
          altered((a) => ({
            ...a,
            lines: [a.lines[0], { ...a.lines[1], coveredByWarranty: true }],
            payments: [a.payments[0], { ...a.payments[1], amount: 1880 }],
          })),
        ],
      });
      expect(pushed.body.outcomes).toMatchObject([
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'payments', issue: 'payments_mismatch' },
        },
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'payments', issue: 'payments_mismatch' },
        },
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'payments.0.currency', issue: 'currency_mismatch' },
        },
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'lines.0.vatRateBp', issue: 'vat_rate_not_in_force' },
        },
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'lines.1.coveredByWarranty', issue: 'no_warranty_claim' },
        },
      ]);
      expect(await serverState(server, order.id)).toEqual({ status: 'ready_for_pickup', rows: {} });

      const accepted = await rawPush(server.url, authorizationOf(rome), { mutations: [real()] });
      expect(accepted.body.outcomes).toMatchObject([{ status: 'accepted' }]);
      expect(await serverState(server, order.id)).toEqual({
        status: 'handed_over',
        rows: { order_lines: 2, payments: 3, warranty_slips: 1 },
      });
    });

    it('an estimate whose total is not its lines’ or whose VAT rate is not in force is refused and changes nothing', async () => {
      server = await startTestServer(backend);
      const rome = await enrolledDesk(server, 'RM01', 'reception');
      const order = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
      await moveOrder(rome, order.id, 'diagnosed');
      await rome.sync();
      await expectOk(
        rome.call('saveEstimate', { orderId: order.id, lines: [screenLabour, screenPart] }),
      );
      const change = outboxMutations(rome).find((m) => m.name === 'order.estimate')!;
      const args = change.args as { estimate: Row; lines: Row[] };
      // 220,00 € + 22 % VAT.
      expect(args.estimate.total).toBe(26_840);
      const altered = (k: number, estimate: Row, lines: Row[]): PushMutation => ({
        ...change,
        seq: change.seq + k,
        mutationId: randomUUID(),
        args: { ...args, estimate, lines },
      });
      const pushed = await rawPush(server.url, authorizationOf(rome), {
        mutations: [
          altered(0, { ...args.estimate, total: 2684 }, args.lines),
          altered(1, { ...args.estimate, total: 26_620 }, [
            args.lines[0]!,
            { ...args.lines[1]!, vatRateBp: 2100 },
          ]),
        ],
      });
      expect(pushed.body.outcomes).toMatchObject([
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'estimate.total', issue: 'total_mismatch' },
        },
        {
          status: 'rejected',
          code: 'validation',
          params: { field: 'lines.1.vatRateBp', issue: 'vat_rate_not_in_force' },
        },
      ]);
      const estimates = () =>
        server.db.query(`SELECT id FROM records WHERE tbl IN ('estimates', 'order_lines')`);
      expect(await estimates()).toEqual([]);
      const accepted = await rawPush(server.url, authorizationOf(rome), {
        mutations: [{ ...change, seq: change.seq + 2 }],
      });
      expect(accepted.body.outcomes).toMatchObject([{ status: 'accepted' }]);
      expect(await estimates()).toHaveLength(3);
    });

    it('offline, a counter repairs one device and returns another withdrawn: one push, judged by the history before each hand-over', async () => {
      server = await startTestServer(backend);
      const rome = await enrolledDesk(server, 'RM01', 'reception');
      const repaired = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
      const withdrawn = (await expectOk(rome.call('createIntake', intakeInput()))) as OrderDetail;
      await rome.sync();

      // Nothing reaches the head office until the end of the day: the moves, then the hand-overs.
      for (const to of ['diagnosed', 'in_repair', 'repaired', 'ready_for_pickup'])
        await moveOrder(rome, repaired.id, to);
      for (const to of ['diagnosed', 'in_repair', 'ready_for_pickup'])
        await moveOrder(rome, withdrawn.id, to);
      await expectOk(
        rome.call('handOver', {
          orderId: repaired.id,
          lines: [screenLabour],
          payments: [{ method: 'cash', amount: 4880 }],
          termsVersion: 'IT-warranty-2026-01',
        }),
      );
      // The withdrawn device's fee, and an altered build's warranty on it: the server must see the
      // withdrawal queued before it in the same push.
      await expectOk(
        rome.call('handOver', {
          orderId: withdrawn.id,
          lines: [fee],
          payments: [{ method: 'cash', amount: 2500 }],
          termsVersion: 'IT-warranty-2026-01',
        }),
      );
      const last = outboxMutations(rome).at(-1)!;
      const args = last.args as HandOverArgs;
      rome.db
        .update(outbox)
        .set({ args: { ...args, lines: [{ ...args.lines[0], warrantyMonths: 6 }] } })
        .where(eq(outbox.seq, last.seq))
        .run();

      expect((await rome.sync()).push).toMatchObject({ accepted: 8, rejected: 1 });
      const status = (await expectOk(rome.call('getSyncStatus', {}))) as SyncStatus;
      expect(status.rejected).toMatchObject([
        {
          name: 'order.handover',
          code: 'validation',
          params: { field: 'lines.0.warrantyMonths', reason: 'no_repair_no_warranty' },
        },
      ]);
      expect(await serverState(server, repaired.id)).toEqual({
        status: 'handed_over',
        rows: { order_lines: 1, payments: 1, warranty_slips: 1 },
      });
      expect(await serverState(server, withdrawn.id)).toEqual({
        status: 'ready_for_pickup',
        rows: {},
      });
      // The desk is given the order back as the head office holds it, to hand over again.
      await rome.sync();
      const back = rome.db
        .select()
        .from(repairOrders)
        .where(eq(repairOrders.id, withdrawn.id))
        .get();
      expect(back).toMatchObject({ status: 'ready_for_pickup' });
    });
  },
);
