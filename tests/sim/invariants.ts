import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { count } from 'drizzle-orm';
import { attachmentPath } from '../../core/attachments/store';
import { attachmentKindOf } from '../../core/contract/attachments';
import { erasedCustomerFields } from '../../core/privacy/erase';
import {
  attachments,
  auditLog,
  customers,
  orderEvents,
  outbox,
  payments,
  repairOrders,
  sentChanges,
  stockMovements,
  syncRejections,
  users,
} from '../../core/db/schema';
import { deferredIndexes } from '../../core/db/deferred-indexes';
import { openDatabase, type Db } from '../../core/db/open';
import { parseOrderNumber } from '../../core/orders/order-number';
import { searchRebuildPending } from '../../core/search/deferred-index';
import { blobsWaiting } from '../../core/sync/blob-sync';
import { readCursor, readEnrolment, readHealth } from '../../core/sync/sync-state';
import type { ServerDb } from '../../server/db/connection';
import { amountDue } from './repair';
import type { SimDesk } from './world';

class InvariantBroken extends Error {
  constructor(guarantee: string, detail: string) {
    super(`${guarantee}: ${detail}`);
    this.name = 'InvariantBroken';
  }
}

/** The indexes of a desk of this version that no bootstrap ever touched (built once). */
let freshIndexes: string[] | undefined;
function indexNames(db: Db): string[] {
  return db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
    .pluck()
    .all() as string[];
}

/**
 * After the quiet period no bootstrap is left half done: every index a round set aside is built
 * again, and the search index holds every order and customer.
 */
function checkIndexes(sim: SimDesk): void {
  const db = sim.desk.db;
  freshIndexes ??= indexNames(openDatabase({ file: ':memory:' }));
  const present = sameSet(indexNames(db), freshIndexes);
  if (present.missing.length || present.extra.length || deferredIndexes(db.$client).length)
    throw new InvariantBroken(
      'indexes',
      `${sim.code} indexes ${JSON.stringify(present)}, noted ${JSON.stringify(deferredIndexes(db.$client))}`,
    );
  const rows = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
  const searchable = {
    orders: rows('SELECT count(*) FROM order_search'),
    customers: rows('SELECT count(*) FROM customer_search'),
  };
  const held = {
    orders: rows('SELECT count(*) FROM repair_orders'),
    customers: rows('SELECT count(*) FROM customers'),
  };
  if (searchRebuildPending(db) || JSON.stringify(searchable) !== JSON.stringify(held))
    throw new InvariantBroken(
      'indexes',
      `${sim.code} search holds ${JSON.stringify(searchable)} of ${JSON.stringify(held)}`,
    );
}

/** Where rows sit in the change log (`xid:seq op`), for a convergence failure's message. */
async function logPositions(db: ServerDb, ids: string[]): Promise<string> {
  const rows = await db.query<{ id: string; at: string }>(
    `SELECT id, string_agg(xid::text || ':' || seq::text || ' ' || op, ', ' ORDER BY xid, seq) AS at
       FROM change_log WHERE id = ANY($1::text[]) GROUP BY id`,
    [ids],
  );
  return rows.map((r) => `${r.id.slice(-6)} [${r.at}]`).join('; ');
}

function sameSet(a: Iterable<string>, b: Iterable<string>): { missing: string[]; extra: string[] } {
  const left = new Set(a);
  const right = new Set(b);
  return {
    missing: [...right].filter((x) => !left.has(x)).slice(0, 5),
    extra: [...left].filter((x) => !right.has(x)).slice(0, 5),
  };
}

/** Checks the replication guarantees after the quiet period; throws the first one broken. */
/**
 * The first detail of an erased customer found in a stored value: a field of their row (`{id, …}`)
 * or of an edit of it (`{id, changes}`) that is not the pseudonym's. Null when there is none.
 */
function unredacted(value: unknown, erased: ReadonlySet<string>): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unredacted(item, erased);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const object = value as Record<string, unknown>;
  if (typeof object.id === 'string' && erased.has(object.id)) {
    const pseudonym = erasedCustomerFields(object.id) as Record<string, unknown>;
    const changes = (object.changes ?? {}) as Record<string, unknown>;
    for (const key of ['name', 'phone', 'email', 'notes', 'taxId'])
      for (const copy of [object, changes])
        if (key in copy && key in pseudonym && copy[key] !== pseudonym[key])
          return `${key} of erased customer ${object.id.slice(-6)}`;
  }
  for (const item of Object.values(object)) {
    const found = unredacted(item, erased);
    if (found) return found;
  }
  return null;
}

export async function checkInvariants(
  db: ServerDb,
  desks: SimDesk[],
): Promise<{ accepted: number; rejected: number; paidOrders: number }> {
  const applied = await db.query<{
    mutation_id: string;
    status: string;
    desk_id: string;
    code: string | null;
  }>('SELECT mutation_id, status, desk_id, code FROM applied_mutations');
  const codeById = new Map(applied.map((a) => [a.mutation_id, a.code]));
  const appliedById = new Map(applied.map((a) => [a.mutation_id, a.status]));
  const serverOrders = await db.query<{
    id: string;
    data: {
      status: string;
      custodySiteId: string;
      intakeSiteId: string;
      number: string;
      originSiteId: string;
      customerId: string;
    };
    sites: string[];
  }>("SELECT id, data, sites FROM records WHERE tbl = 'repair_orders'");
  const serverEvents = await db.query<{ id: string; sites: string[] }>(
    "SELECT id, sites FROM records WHERE tbl = 'order_events'",
  );
  const serverPayments = await db.query<{
    id: string;
    data: { orderId: string; amount: number };
    sites: string[] | null;
  }>("SELECT id, data, sites FROM records WHERE tbl = 'payments'");
  const serverCustomers = await db.query<{
    id: string;
    data: {
      name: string;
      phone: string;
      email: string | null;
      notes: string | null;
      erasedAt?: number | null;
    };
    sites: string[] | null;
  }>("SELECT id, data, sites FROM records WHERE tbl = 'customers'");

  // 8. Erasure: an erased customer is a pseudonym everywhere, and no photo of theirs is left.
  const erased = new Set(serverCustomers.filter((c) => c.data.erasedAt).map((c) => c.id));
  for (const customer of serverCustomers.filter((c) => erased.has(c.id))) {
    const { name, phone, email, notes } = erasedCustomerFields(customer.id);
    const data = customer.data;
    if (data.name !== name || data.phone !== phone || data.email !== email || data.notes !== notes)
      throw new InvariantBroken(
        'erasure',
        `customer ${customer.id.slice(-6)} erased but ${JSON.stringify({ name: data.name, phone: data.phone, email: data.email, notes: data.notes })}`,
      );
  }
  const erasedOrders = new Set(
    serverOrders.filter((o) => erased.has(o.data.customerId)).map((o) => o.id),
  );
  const serverAttachments = await db.query<{
    id: string;
    data: { sha256: string; size: number; orderId: string; mime: string; kind: string };
    sites: string[] | null;
  }>("SELECT id, data, sites FROM records WHERE tbl = 'attachments'");
  const erasedPhoto = serverAttachments.find((a) => erasedOrders.has(a.data.orderId));
  if (erasedPhoto)
    throw new InvariantBroken(
      'erasure',
      `photo ${erasedPhoto.id.slice(-6)} of an erased customer's order is on the server`,
    );
  let accepted = 0;
  let rejected = 0;

  // 9. Stock: a repair takes its parts once, and only a repair the server accepted.
  const serverMovements = await db.query<{
    id: string;
    data: {
      siteId: string;
      partId: string;
      quantity: number;
      kind: string;
      orderId: string | null;
    };
    sites: string[] | null;
  }>("SELECT id, data, sites FROM records WHERE tbl = 'stock_movements'");
  const serverParts = await db.query<{
    id: string;
    data: { sku: string; name: string; price: number };
  }>("SELECT id, data FROM records WHERE tbl = 'parts'");
  const repairedOrders = new Set(
    (
      await db.query<{ order_id: string }>(
        "SELECT order_id FROM records WHERE tbl = 'order_events' AND data->>'toStatus' = 'repaired'",
      )
    ).map((r) => r.order_id),
  );
  const consumed = new Map<string, number>();
  for (const { data } of serverMovements) {
    if (data.kind !== 'consume') continue;
    if (!data.orderId || !repairedOrders.has(data.orderId))
      throw new InvariantBroken(
        'stock',
        `parts taken for order ${data.orderId?.slice(-6)}, which the server never saw repaired`,
      );
    const key = `${data.orderId}/${data.partId}`;
    consumed.set(key, (consumed.get(key) ?? 0) + 1);
  }
  const twice = [...consumed].find(([, n]) => n > 1);
  if (twice)
    throw new InvariantBroken('exactly once', `part taken ${twice[1]} times for ${twice[0]}`);

  // 7. Attachments: every photo or document the head office holds a row for is of a type a desk
  // keeps, and the head office holds it whole, by its hash.
  const blobs = new Map(
    (
      await db.query<{ sha256: string; size: string; complete: boolean }>(
        'SELECT sha256, size::text, completed_at IS NOT NULL AS complete FROM blobs',
      )
    ).map((b) => [b.sha256, b]),
  );
  for (const { data } of serverAttachments) {
    if (attachmentKindOf(data.mime) !== data.kind)
      throw new InvariantBroken('attachments', `a ${data.mime} is kept as a ${data.kind}`);
    const blob = blobs.get(data.sha256);
    if (!blob?.complete || Number(blob.size) !== data.size)
      throw new InvariantBroken(
        'attachments',
        `photo ${data.sha256.slice(0, 12)} (${data.size} bytes) is ${blob ? `${blob.complete ? 'complete' : 'partial'} at ${blob.size} bytes` : 'missing'} on the server`,
      );
  }
  for (const sha256 of new Set(serverAttachments.map((a) => a.data.sha256))) {
    const hash = createHash('sha256');
    const chunks = await db.query<{ data: Uint8Array }>(
      'SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY "offset"',
      [sha256],
    );
    for (const chunk of chunks) hash.update(chunk.data);
    if (hash.digest('hex') !== sha256)
      throw new InvariantBroken('attachments', `server bytes of ${sha256.slice(0, 12)} differ`);
  }

  // 4. Exactly-once effect: every handed-over order was paid its amount once, no other was paid.
  const paidByOrder = new Map<string, number>();
  for (const p of serverPayments)
    paidByOrder.set(p.data.orderId, (paidByOrder.get(p.data.orderId) ?? 0) + p.data.amount);
  for (const order of serverOrders) {
    const paid = paidByOrder.get(order.id) ?? 0;
    const due = order.data.status === 'handed_over' ? amountDue : 0;
    if (paid !== due)
      throw new InvariantBroken(
        'exactly once',
        `order ${order.data.number} (${order.data.status}) paid ${paid}, due ${due}`,
      );
  }

  // 10. No stranded device: an order closed without a hand-over (cancelled) had its device at the
  // counter that took it in, which never let it go; every other closed order was handed over.
  const left = new Set(
    (
      await db.query<{ order_id: string }>(
        `SELECT order_id FROM records WHERE tbl = 'order_events'
            AND data->>'kind' = 'status' AND data->>'fromStatus' IS NOT NULL
            AND data->>'toStatus' NOT IN ('received', 'cancelled')`,
      )
    ).map((r) => r.order_id),
  );
  for (const order of serverOrders) {
    if (order.data.status !== 'cancelled') continue;
    if (left.has(order.id) || order.data.custodySiteId !== order.data.intakeSiteId)
      throw new InvariantBroken(
        'no stranded device',
        `order ${order.data.number} was cancelled after its device had left the counter`,
      );
  }

  for (const sim of desks) {
    const local = sim.desk.db;
    // 1. Nothing lost: every queued mutation was accepted or is shown as refused.
    const waiting = local.select({ n: count() }).from(outbox).get()!.n;
    if (waiting)
      throw new InvariantBroken(
        'nothing lost',
        `${sim.code} still has ${waiting} queued after the quiet period (last sync error: ${readHealth(local).lastError ?? 'none'})`,
      );
    const refusals = local.select().from(syncRejections).all();
    const refusedIds = new Set(refusals.map((r) => r.mutationId));
    for (const id of sim.generated) {
      const status = appliedById.get(id);
      if (status === 'accepted') accepted++;
      else if (status === 'rejected' && refusedIds.has(id)) rejected++;
      else
        throw new InvariantBroken(
          'nothing lost',
          `${sim.code} mutation ${id} is ${status ? `${status} (${codeById.get(id) ?? 'no code'})` : 'unknown to the server'}${status === 'rejected' ? ', not shown among the desk’s refused changes' : ''}`,
        );
    }
    // 2. Exactly once: the server handled each of this desk's mutations once.
    const handled = applied.filter((a) => sim.generated.includes(a.mutation_id)).length;
    if (handled !== sim.generated.length)
      throw new InvariantBroken(
        'exactly once',
        `${sim.code} queued ${sim.generated.length}, server handled ${handled}`,
      );

    // 3. Convergence per scope: the desk holds exactly what the server lets it see.
    checkIndexes(sim);
    const site = sim.desk.site.id;
    const visible = (sites: string[] | null) =>
      sim.kind === 'head_office' || sites === null || sites.includes(site);
    const refusedRows = new Set(
      refusals.flatMap((r) => {
        const args = r.args as {
          movement?: { id: string };
          user?: { id: string };
          stock?: { id: string }[];
          part?: { id: string };
          order?: { id: string };
          event?: { id: string };
          payments?: { id: string }[];
          attachment?: { id: string };
          customer?: { id: string };
        };
        return [
          args.order?.id,
          args.customer?.id,
          args.event?.id,
          args.attachment?.id,
          args.movement?.id,
          args.user?.id,
          args.part?.id,
          ...(args.stock ?? []).map((m) => m.id),
          ...(args.payments ?? []).map((p) => p.id),
        ].filter((x): x is string => !!x);
      }),
    );
    const localOrders = local
      .select()
      .from(repairOrders)
      .all()
      .filter((o) => !refusedRows.has(o.id));
    const expectedOrders = serverOrders.filter((o) => visible(o.sites));
    const orders = sameSet(
      localOrders.map((o) => o.id),
      expectedOrders.map((o) => o.id),
    );
    if (orders.missing.length || orders.extra.length)
      throw new InvariantBroken(
        'convergence',
        `${sim.code} orders ${JSON.stringify(orders)}, cursor ${readCursor(local)}, ` +
          `logged at ${await logPositions(db, [...orders.missing, ...orders.extra])}`,
      );
    const serverById = new Map(expectedOrders.map((o) => [o.id, o.data]));
    for (const order of localOrders) {
      const truth = serverById.get(order.id)!;
      if (truth.status !== order.status || truth.custodySiteId !== order.custodySiteId)
        throw new InvariantBroken(
          'convergence',
          `${sim.code} order ${order.number}: desk ${order.status}@${order.custodySiteId}, server ${truth.status}@${truth.custodySiteId}`,
        );
    }
    const localEvents = local
      .select({ id: orderEvents.id })
      .from(orderEvents)
      .all()
      .filter((e) => !refusedRows.has(e.id));
    const events = sameSet(
      localEvents.map((e) => e.id),
      serverEvents.filter((e) => visible(e.sites)).map((e) => e.id),
    );
    if (events.missing.length || events.extra.length)
      throw new InvariantBroken('convergence', `${sim.code} events ${JSON.stringify(events)}`);
    // The payments this desk holds are the server's, to the cent.
    const serverPaymentById = new Map(
      serverPayments.filter((p) => visible(p.sites)).map((p) => [p.id, p.data.amount]),
    );
    const localPayments = local
      .select({ id: payments.id, amount: payments.amount })
      .from(payments)
      .all()
      .filter((p) => !refusedRows.has(p.id));
    const paid = sameSet(
      localPayments.map((p) => p.id),
      serverPaymentById.keys(),
    );
    if (paid.missing.length || paid.extra.length)
      throw new InvariantBroken('convergence', `${sim.code} payments ${JSON.stringify(paid)}`);
    const wrongAmount = localPayments.find((p) => serverPaymentById.get(p.id) !== p.amount);
    if (wrongAmount)
      throw new InvariantBroken('convergence', `${sim.code} payment ${wrongAmount.id} amount`);
    // Every copy of an erased customer this desk keeps is the pseudonym: in its audit trail, and
    // in the changes it sent or had refused.
    for (const [where, rows] of [
      ['audit trail', local.select({ a: auditLog.before, b: auditLog.after }).from(auditLog).all()],
      ['sent changes', local.select({ a: sentChanges.args }).from(sentChanges).all()],
      ['refused changes', local.select({ a: syncRejections.args }).from(syncRejections).all()],
    ] as const) {
      const found = rows.map((row) => unredacted(row, erased)).find((f) => f !== null);
      if (found)
        throw new InvariantBroken('erasure', `${sim.code} keeps the ${found} in its ${where}`);
    }
    // No photo of an erased customer's order is left here, not even one the server refused.
    const keptErased = local
      .select({ id: attachments.id, orderId: attachments.orderId })
      .from(attachments)
      .all()
      .find((a) => erasedOrders.has(a.orderId));
    if (keptErased)
      throw new InvariantBroken(
        'erasure',
        `${sim.code} keeps photo ${keptErased.id.slice(-6)} of an erased customer's order`,
      );
    // Its photos are the server's, each with its bytes in the desk's folder, none still wanted.
    const localAttachments = local
      .select({ id: attachments.id, sha256: attachments.sha256 })
      .from(attachments)
      .all()
      .filter((a) => !refusedRows.has(a.id));
    const photos = sameSet(
      localAttachments.map((a) => a.id),
      serverAttachments.filter((a) => visible(a.sites)).map((a) => a.id),
    );
    if (photos.missing.length || photos.extra.length)
      throw new InvariantBroken('convergence', `${sim.code} photos ${JSON.stringify(photos)}`);
    for (const { sha256 } of localAttachments) {
      const file = attachmentPath(sim.dir, sha256);
      const held = fs.existsSync(file)
        ? createHash('sha256').update(fs.readFileSync(file)).digest('hex')
        : 'no file';
      if (held !== sha256)
        throw new InvariantBroken(
          'attachments',
          `${sim.code} photo ${sha256.slice(0, 12)}: ${held === 'no file' ? 'no file' : 'other bytes'} (still wanted: ${blobsWaiting(local)})`,
        );
    }
    if (blobsWaiting(local))
      throw new InvariantBroken(
        'attachments',
        `${sim.code} still wants ${blobsWaiting(local)} photos`,
      );
    // Customers' details: field by field what the server kept (the last writer in its order),
    // also where this desk's own later edit was refused. A partner holds no details to compare.
    if (sim.kind !== 'workshop_partner') {
      const serverCustomerById = new Map(
        serverCustomers.filter((c) => visible(c.sites)).map((c) => [c.id, c.data]),
      );
      const localCustomers = local
        .select()
        .from(customers)
        .all()
        .filter((c) => !refusedRows.has(c.id));
      const held = sameSet(
        localCustomers.map((c) => c.id),
        serverCustomerById.keys(),
      );
      if (held.missing.length || held.extra.length)
        throw new InvariantBroken('convergence', `${sim.code} customers ${JSON.stringify(held)}`);
      for (const customer of localCustomers) {
        const truth = serverCustomerById.get(customer.id)!;
        for (const field of ['name', 'phone', 'email', 'notes'] as const)
          if ((truth[field] ?? null) !== customer[field])
            throw new InvariantBroken(
              'convergence',
              `${sim.code} customer ${customer.id.slice(-6)} ${field}: desk ${JSON.stringify(customer[field])}, server ${JSON.stringify(truth[field] ?? null)}`,
            );
      }
    }
    // Its ledger is the server's for its scope (its own site's; every site's at the head
    // office), and the stock on hand it shows is the sum of its site's movements there.
    const localMovements = local
      .select({ id: stockMovements.id, quantity: stockMovements.quantity })
      .from(stockMovements)
      .all()
      .filter((m) => !refusedRows.has(m.id));
    const serverMovementById = new Map(
      serverMovements.filter((m) => visible(m.sites)).map((m) => [m.id, m.data.quantity]),
    );
    const ledger = sameSet(
      localMovements.map((m) => m.id),
      serverMovementById.keys(),
    );
    if (ledger.missing.length || ledger.extra.length)
      throw new InvariantBroken(
        'convergence',
        `${sim.code} stock movements ${JSON.stringify(ledger)}`,
      );
    const shown = await sim.desk.call('listParts', {});
    if (!shown.ok) throw new InvariantBroken('stock', `${sim.code} cannot list its parts`);
    for (const part of (
      shown.value as { parts: { id: string; sku: string; onHandMilli: number; price: number }[] }
    ).parts) {
      const truth = serverMovements
        .filter((m) => m.data.siteId === site && m.data.partId === part.id)
        .reduce((sum, m) => sum + m.data.quantity, 0);
      if (part.onHandMilli !== truth)
        throw new InvariantBroken(
          'stock = sum of movements',
          `${sim.code} shows ${part.onHandMilli} of ${part.sku} on hand, its site's ledger on the server sums to ${truth}`,
        );
      const price = serverParts.find((p) => p.id === part.id)?.data.price;
      if (price !== part.price)
        throw new InvariantBroken(
          'convergence',
          `${sim.code} part ${part.sku} costs ${part.price}, the server's catalogue ${price}`,
        );
    }
    if ((shown.value as { parts: unknown[] }).parts.length !== serverParts.length)
      throw new InvariantBroken('convergence', `${sim.code} holds a different catalogue`);

    // People are reference data: every desk holds the server's, each under its login; a person
    // this desk made whose login the server gave someone else is refused and has stepped aside.
    const serverUsers = await db.query<{ id: string; data: { login: string } }>(
      "SELECT id, data FROM records WHERE tbl = 'users'",
    );
    const localUsers = local
      .select({ id: users.id, login: users.login })
      .from(users)
      .all()
      .filter((u) => !refusedRows.has(u.id));
    const people = sameSet(
      localUsers.map((u) => u.id),
      serverUsers.map((u) => u.id),
    );
    if (people.missing.length || people.extra.length)
      throw new InvariantBroken('convergence', `${sim.code} people ${JSON.stringify(people)}`);
    const loginOf = new Map(serverUsers.map((u) => [u.id, u.data.login]));
    const wrongLogin = localUsers.find((u) => loginOf.get(u.id) !== u.login);
    if (wrongLogin)
      throw new InvariantBroken(
        'convergence',
        `${sim.code} person ${wrongLogin.id.slice(-6)} logs in as ${wrongLogin.login}, the server says ${loginOf.get(wrongLogin.id)}`,
      );

    // A partner never holds a customer's name.
    if (sim.kind === 'workshop_partner') {
      const named = local
        .select()
        .from(customers)
        .all()
        .filter((c) => c.name !== '—');
      const ownIntakes = localOrders.length;
      if (named.length && ownIntakes)
        throw new InvariantBroken('partner privacy', `${sim.code} holds ${named[0]!.name}`);
    }
    // 5. Acknowledged writes stay: every accepted intake is still on the desk that made it.
    for (const order of serverOrders.filter((o) => o.data.originSiteId === site)) {
      if (!localOrders.some((l) => l.id === order.id))
        throw new InvariantBroken(
          'acknowledged writes stay',
          `${sim.code} lost ${order.data.number}`,
        );
    }
  }

  // 6. Numbering: unique, and gapless per series but for the numbers of intakes the server
  // refused, which their desks show (a refused intake keeps its number: nothing reuses it).
  const bySeries = new Map<string, { taken: number[]; refused: Set<number> }>();
  const seriesOf = (number: string) => {
    const parsed = parseOrderNumber(number)!;
    const key = `${parsed.seriesCode}-${parsed.year}`;
    let entry = bySeries.get(key);
    if (!entry) bySeries.set(key, (entry = { taken: [], refused: new Set() }));
    return { entry, n: parsed.n };
  };
  for (const order of serverOrders) {
    const { entry, n } = seriesOf(order.data.number);
    entry.taken.push(n);
  }
  for (const sim of desks)
    for (const refusal of sim.desk.db.select().from(syncRejections).all()) {
      const number = (refusal.args as { order?: { number?: string } } | null)?.order?.number;
      if (refusal.name !== 'order.intake' || !number) continue;
      const { entry, n } = seriesOf(number);
      entry.refused.add(n);
    }
  for (const [series, { taken, refused }] of bySeries) {
    taken.sort((a, b) => a - b);
    if (new Set(taken).size !== taken.length)
      throw new InvariantBroken('numbering', `duplicate in ${series}`);
    const held = new Set([...taken, ...refused]);
    const last = Math.max(...held);
    if (held.size !== last)
      throw new InvariantBroken(
        'numbering',
        `gap in ${series}: taken ${taken.join(',')}; refused ${[...refused].join(',') || 'none'}`,
      );
  }
  // 10. No ghost desks: the desks the head office holds active are the ones the computers hold;
  // every other was revoked (by the admin, by a code that named it, or by its computer enrolling
  // again with the credentials it held).
  const active = await db.query<{ id: string }>('SELECT id FROM desks WHERE revoked_at IS NULL');
  const ghosts = sameSet(
    desks.map((sim) => readEnrolment(sim.desk.db)!.deskId),
    active.map((row) => row.id),
  );
  if (ghosts.missing.length || ghosts.extra.length)
    throw new InvariantBroken(
      'desks',
      `active at the head office but held by no computer ${JSON.stringify(ghosts)}`,
    );
  return { accepted, rejected, paidOrders: paidByOrder.size };
}
