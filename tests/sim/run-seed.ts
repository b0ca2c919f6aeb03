import fs from 'node:fs';
import { useTestHashCostInThisSimulator } from '../../core/auth/passwords';
import { mayTakeStep } from '../../core/orders/custody';
import {
  allowedTransitions,
  isWithdrawal,
  returnedUnrepaired,
  type OrderStatus,
} from '../../core/orders/workflow';
import { syncOnce } from '../../core/sync/sync-once';
import type { ServerDb } from '../../server/db/connection';
import { archiveChanges } from '../../server/archive';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { blobChunkBytes } from '../../core/contract/blobs';
import { customers, estimates, orderEvents } from '../../core/db/schema';
import { emptyServerDb, untilPullsSeeEverything } from '../support/sync-server';
import { checkInvariants } from './invariants';
import { amountDue, partLine, repairLine, seedCatalogue } from './repair';
import { allFaults, noFaults, type InFlight } from './network';
import { Random } from './random';
import { buildWorld, type SimDesk } from './world';

/** Operations per desk when none are asked for (the CI run and the long run use it). */
export const defaultOps = 200;

export interface SimOptions {
  seed: number;
  /**
   * Operations per desk. An operation is one step one desk takes: an intake, a move of an
   * order, a sync round (push, then pull pages), a crash and restart, or cutting or healing
   * its link. Every desk takes exactly this many, interleaved at random with the others'.
   */
  ops: number;
}

export interface SimResult {
  seed: number;
  intakes: number;
  transitions: number;
  syncs: number;
  crashes: number;
  accepted: number;
  rejected: number;
  /** Orders handed over and paid (the exactly-once check has something to check). */
  paidOrders: number;
  /** Pushes held in the network and delivered late. */
  delayed: number;
  /** Pushes that reached the server before the push sent ahead of them, and went again. */
  overtaken: number;
  /** Desks enrolled again (after a revocation, or replacing valid credentials). */
  reenrolments: number;
  /** Photos and scanned PDFs attached (their bytes replicate apart from the rows, by hash). */
  photos: number;
  /** Customers' details changed at a desk (plain fields: last writer wins per field). */
  customerEdits: number;
  /** Customers erased on request (every replica pseudonymises them; photos go). */
  erasures: number;
  /** Stock booked in or corrected at a desk (repairs take parts out on their own). */
  stockMoves: number;
  /** Catalogue prices changed at the head office. */
  partEdits: number;
  /** People added at a desk, sometimes under a login another desk just gave someone else. */
  newUsers: number;
  /** Sign-ins refused at a desk (a wrong password): each an audit row by `anonymous`, pushed. */
  failedSignIns: number;
  /** Desks whose computer was replaced by a new one enrolled for the same site. */
  replacements: number;
  /** Of those, reception desks set up as a further counter, numbering in a series of their own. */
  ownSeries: number;
  /**
   * Times the head office archived its whole change log (everything committed): each desk
   * behind it then downloads its scope's rows as they stand, and drops the orders that left it.
   */
  archives: number;
}

const names = ['Giulia Bianchi', 'Marco Rossi', 'Анна Иванова', 'Luca Verdi', 'Sara Neri'];

export function replayCommand(options: SimOptions): string {
  return `npm run sim -- --seed ${options.seed} --ops ${options.ops}`;
}

/** The desk's own call for a move: the same handlers the counter uses, so the same outbox. */
function callFor(
  random: Random,
  desk: SimDesk,
  order: { id: string; status: string },
  to: OrderStatus,
  workshopId: string,
  stockRandom: Random,
) {
  const orderId = order.id;
  switch (to) {
    case 'awaiting_approval': {
      // The estimate prices a catalogue part too: the repair takes it from the workshop's stock.
      const part = stockRandom.pick(desk.catalogue());
      return desk.desk.call('saveEstimate', {
        orderId,
        lines: [repairLine, partLine(part.id, part.quantityMilli)],
      });
    }
    case 'approved':
    case 'declined': {
      const pending = desk.desk.db
        .select({ id: estimates.id })
        .from(estimates)
        .where(and(eq(estimates.orderId, orderId), eq(estimates.state, 'pending')))
        .get();
      if (!pending) return null;
      return desk.desk.call('recordApproval', {
        estimateId: pending.id,
        decision: to,
        via: 'phone',
        at: desk.now(),
      });
    }
    case 'handed_over': {
      // Paid in one go or split between cash and card: the totals must add up exactly once.
      const cash = random.chance(0.5) ? 1 + random.int(amountDue - 1) : amountDue;
      // A device back without its repair done is billed a diagnosis at the same price, with no
      // warranty (the counter refuses one on work not done).
      const moves = desk.desk.db
        .select({ fromStatus: orderEvents.fromStatus, toStatus: orderEvents.toStatus })
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.kind, 'status')))
        .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
        .all();
      const line = returnedUnrepaired(moves)
        ? { ...repairLine, kind: 'fee' as const, description: 'Diagnosi', warrantyMonths: 0 }
        : repairLine;
      return desk.desk.call('handOver', {
        orderId,
        expectedStatus: order.status,
        lines: [line],
        payments: [
          { method: 'cash', amount: cash },
          ...(cash < amountDue ? [{ method: 'card' as const, amount: amountDue - cash }] : []),
        ],
        termsVersion: 'IT-warranty-2026-01',
      });
    }
    default:
      return desk.desk.call('changeStatus', {
        orderId,
        expectedStatus: order.status,
        to,
        reason: `to ${to}`,
        ...(to === 'in_transit_to_workshop' || to === 'at_workshop'
          ? { workshopSiteId: workshopId }
          : {}),
      });
  }
}

/**
 * Moves one order a step along the workflow through the desk's real handlers. The reception
 * desk sends the device off, and it or the workshop records the arrival (custody moves then);
 * the workshop repairs and sends it back, the reception takes it back and hands it over; the
 * head office steps in to cancel (a device still at the counter) or mark it unclaimed. Now and
 * then the customer withdraws: the device goes back from wherever it is, unrepaired. A step is
 * drawn only where the desk may take it (`mayTakeStep`, the order screen's rule): moving the
 * device or working on it where its site holds it, the customer's answer also at the intake. A step that moves the device is drawn
 * only where the desk's site holds it or receives it, as the order screen offers it.
 */
async function stepOrder(
  random: Random,
  desk: SimDesk,
  workshopId: string,
  stockRandom: Random,
): Promise<boolean> {
  const orders = desk.ordersInScope();
  if (!orders.length) return false;
  const order = random.pick(orders);
  const atWorkshop = desk.kind === 'workshop_own' || desk.kind === 'workshop_partner';
  const headOffice = desk.kind === 'head_office';
  // A customer withdraws now and then (the device goes back unrepaired), not at every step.
  const withdraws = random.chance(0.1);
  const options = allowedTransitions(order.status).filter(
    (to) =>
      mayTakeStep(desk.desk.site.id, order, to) &&
      (withdraws || !isWithdrawal(order.status, to)) &&
      (headOffice
        ? to === 'cancelled' || to === 'unclaimed' || to === 'handed_over'
        : atWorkshop
          ? to !== 'ready_for_pickup' && to !== 'handed_over'
          : to !== 'diagnosed'),
  );
  if (!options.length) return false;
  const outcome = await callFor(random, desk, order, random.pick(options), workshopId, stockRandom);
  // A refusal here is the desk's own rule (the order moved under it): nothing was queued.
  return outcome?.ok ?? false;
}

/**
 * Attaches a photo to one of the desk's orders, one time in five the same picture as an earlier
 * one (content-addressed: stored and sent once). Every fourth step's new file is a scanned PDF
 * instead (a proof of purchase): chosen by the step, not drawn, and with a header as long as a
 * PNG's, so each seed's schedule and sizes stay what they were before documents came in.
 */
async function takePhoto(
  random: Random,
  desk: SimDesk,
  taken: Buffer[],
  step: number,
): Promise<boolean> {
  const orders = desk.ordersInScope();
  if (!orders.length) return false;
  const order = random.pick(orders);
  const again = taken.length > 0 && random.chance(0.2);
  const scanned = step % 4 === 0;
  const bytes = again
    ? random.pick(taken)
    : Buffer.concat([
        scanned ? pdfHeader : pngMagic,
        // Mostly small; one in four spans several upload chunks (resumed when cut), up to 1.2 MB.
        Buffer.alloc(
          1 + random.int(random.chance(0.25) ? blobChunkBytes * 4.5 : 20_000),
          `${desk.code}-${step}-`,
        ),
      ]);
  if (!again) taken.push(bytes);
  const outcome = await desk.desk.call('addAttachment', {
    orderId: order.id,
    name: bytes.subarray(0, 5).equals(pdfHeader.subarray(0, 5))
      ? `scansione-${step}.pdf`
      : `foto-${step}.png`,
    dataBase64: bytes.toString('base64'),
  });
  return outcome.ok;
}

const pngMagic = Buffer.from('89504e470d0a1a0a', 'hex');
const pdfHeader = Buffer.from('%PDF-1.7');

/** Erases one of the customers the desk holds, confirming the name as the admin types it. */
async function eraseCustomer(random: Random, desk: SimDesk): Promise<boolean> {
  if (desk.kind === 'workshop_partner') return false;
  const held = desk.desk.db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(isNull(customers.erasedAt))
    .all();
  if (!held.length) return false;
  const customer = random.pick(held);
  const outcome = await desk.desk.call('eraseCustomer', {
    customerId: customer.id,
    confirmName: customer.name,
  });
  return outcome.ok;
}

/**
 * Changes one to three fields of a customer the desk holds — name, phone, e-mail (or clears it),
 * notes — as a receptionist correcting a record does. Desks race on the same customers: the
 * server keeps the last writer per field, in the order it applies them, and every desk must end
 * with what the server kept. A partner never sees customers' details, so it edits none.
 */
async function editCustomer(random: Random, desk: SimDesk, step: number): Promise<boolean> {
  if (desk.kind === 'workshop_partner') return false;
  const held = desk.desk.db
    .select({ id: customers.id })
    .from(customers)
    .where(isNull(customers.erasedAt))
    .all();
  if (!held.length) return false;
  const edits = {
    name: () => ({ name: `${random.pick(names)} ${step}` }),
    phone: () => ({ phone: `+39 347 ${String(1000000 + random.int(8999999))}` }),
    email: () => ({ email: random.chance(0.3) ? '' : `cliente${step}@esempio.it` }),
    notes: () => ({ notes: `Nota ${desk.code} ${step}` }),
  };
  const fields = Object.values(edits).filter(() => random.chance(0.5));
  const changes = Object.assign({}, ...(fields.length ? fields : [edits.notes]).map((f) => f()));
  const outcome = await desk.desk.call('updateCustomer', {
    id: random.pick(held).id,
    ...changes,
  });
  return outcome.ok;
}

/**
 * Books stock in at the desk's own site (a delivery of one to five pieces), or one time in five
 * corrects it after a count, up or down; at the head office, one time in three a price changes
 * in the catalogue instead (reference data: last writer wins, every desk receives it).
 */
async function moveStock(
  random: Random,
  desk: SimDesk,
  step: number,
): Promise<'move' | 'edit' | null> {
  const part = random.pick(desk.catalogue());
  if (desk.kind === 'head_office' && random.chance(0.33)) {
    const outcome = await desk.desk.call('savePart', {
      id: part.id,
      sku: part.sku,
      name: part.name,
      price: 1000 + random.int(50_000),
      vatRateBp: 2200,
      warrantyMonths: 12,
    });
    return outcome.ok ? 'edit' : null;
  }
  const outcome = random.chance(0.2)
    ? await desk.desk.call('adjustStock', {
        partId: part.id,
        quantityMilli: random.chance(0.5) ? 1000 : -(1 + random.int(2000)),
        note: `Inventario ${desk.code} ${step}`,
      })
    : await desk.desk.call('receiveStock', {
        partId: part.id,
        quantityMilli: 1000 * (1 + random.int(5)),
        note: `DDT ${step}`,
      });
  return outcome.ok ? 'move' : null;
}

const logins = ['anna', 'marco', 'luca', 'sara'];

/**
 * Adds a person at the desk's site under one of a few logins: desks that are offline give the
 * same login to different people, the server keeps the first and refuses the others, and every
 * desk must still receive every accepted person (the refused one steps aside on its own desk).
 */
/**
 * Someone at the desk types a wrong password (for a login that exists or not). The refusal is
 * recorded in the audit trail as `anonymous` and queued for the head office like any change: a
 * failed sign-in once stopped a desk's replication for good, the push refused as malformed.
 */
async function failSignIn(random: Random, desk: SimDesk, inFlight: InFlight): Promise<void> {
  const login = random.pick([...logins, 'nessuno']);
  // The hash waits on a thread: an exchange a desk stopped waiting for ends first, as it did
  // at the production cost, whatever the machine's speed (see `InFlight.track`).
  await inFlight.quiet();
  // As the sign-in screen calls it: no session, so by `anonymous`.
  const outcome = await desk.desk.callWithSession(undefined, 'signIn', {
    with: 'password',
    login,
    password: 'non è la password',
  });
  if (outcome.ok) throw new Error('a wrong password signed someone in');
}

async function addPerson(
  random: Random,
  desk: SimDesk,
  step: number,
  inFlight: InFlight,
): Promise<boolean> {
  const name = `${random.pick(names)} ${step}`;
  const login = random.pick(logins);
  await inFlight.quiet();
  const outcome = await desk.desk.call('createUser', {
    name,
    login,
    password: 'una password lunga',
    roles: ['receptionist'],
  });
  // Refused at the desk when this desk already has the login: nothing queued.
  return outcome.ok;
}

/** Each desk's `ops` steps, shuffled together: which desk acts at each step of the run. */
function schedule(random: Random, desks: number, ops: number): number[] {
  const order = Array.from({ length: desks * ops }, (_, i) => i % desks);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Three desks and the server: a reception R1, a workshop W1 (own or partner) and a third desk
 * that is either a second reception R2 (a second number series and a scope R1 must not see) or
 * the head office HQ (whose rare moves race the desks').
 */
function worldSpecs(random: Random) {
  const skew = () => (random.chance(0.3) ? random.int(4 * 3600_000) - 2 * 3600_000 : 0);
  return [
    { code: 'R1', kind: 'reception' as const, skewMs: skew() },
    {
      code: 'W1',
      kind: random.chance(0.5) ? ('workshop_partner' as const) : ('workshop_own' as const),
      skewMs: skew(),
    },
    random.chance(0.5)
      ? { code: 'R2', kind: 'reception' as const, skewMs: skew() }
      : { code: 'HQ', kind: 'head_office' as const, skewMs: skew() },
  ];
}

/**
 * A new computer is handed over once it has downloaded its scope: through the faulty network
 * (a round cut off part-way goes on from its cursor), a crash now and then included. Returns the
 * rounds it took.
 */
async function firstDownload(
  desk: SimDesk,
  clock: { now: number },
  random: Random,
): Promise<number> {
  desk.link.partitioned = false;
  const attempts = 50;
  for (let round = 1; round <= attempts; round++) {
    // Should the network drop every try, the last goes through on a quiet line.
    if (round === attempts) desk.link.faults = noFaults;
    const done = await syncOnce(desk.desk, desk.link, {
      pageSize: 1 + random.int(40),
      now: () => clock.now,
      blobs: desk.blobs,
      push: desk.push,
    });
    if (desk.link.crashPending) {
      desk.link.crashPending = false;
      desk.restart();
    }
    desk.link.faults = allFaults;
    if (done.ok && done.remaining === 0) return round;
    if (round === attempts)
      throw new Error(`${desk.code}'s new computer could not download its scope: ${done.error}`);
    clock.now += 1 + random.int(5_000);
  }
  return attempts;
}

export async function runSeed(instances: ServerDb[], options: SimOptions): Promise<SimResult> {
  const db = instances[0]!;
  // Wrong passwords and new people cost what they cost in the tests, not production's argon2id.
  useTestHashCostInThisSimulator();
  await emptyServerDb(db);
  const random = new Random(options.seed);
  const clock = { now: 1_780_000_000_000 + random.int(1e9) };
  // Photos and their bytes' faults draw from a stream of their own, so that the rest of a seed's
  // world (its schedule, moves and faults) is what it was before photos came in.
  const photoRandom = new Random(options.seed ^ 0x5bd1e995);
  const { desks, root, inFlight } = await buildWorld(
    instances,
    random,
    worldSpecs(random),
    clock,
    photoRandom,
    // How each desk pushes, likewise on a stream of its own.
    new Random(options.seed ^ 0x2545f491),
  );
  const photosTaken: Buffer[] = [];
  // Customer edits, likewise on their own stream.
  const editRandom = new Random(options.seed ^ 0x27d4eb2f);
  // Stock and the catalogue, likewise: deliveries, counts, prices, and the part an estimate uses.
  const stockRandom = new Random(options.seed ^ 0x165667b1);
  // People added at desks, likewise.
  const peopleRandom = new Random(options.seed ^ 0x7f4a7c15);
  // Whether a round treats itself as a bootstrap (indexes set aside, built at its end): a real
  // desk does from 20 000 changes behind, which a seed never is, so now and then from a few.
  const bootstrapRandom = new Random(options.seed ^ 0x1b873593);
  // Computers replaced, likewise: a new desk for a site downloads its scope mid-run.
  const replaceRandom = new Random(options.seed ^ 0x68e31da4);
  // Some replaced reception desks come as a counter with a series of its own (`R1C1`); enrolled
  // again later, a desk takes the site's series back, its intakes of the other still queued.
  const seriesRandom = new Random(options.seed ^ 0x2c1b3c6d);
  // When the head office archives its change log, likewise.
  const archiveRandom = new Random(options.seed ^ 0x5bd1e995);
  // Wrong passwords typed at desks, likewise.
  const signInRandom = new Random(options.seed ^ 0x3c6ef372);
  await seedCatalogue(db, clock.now);
  const result: SimResult = {
    seed: options.seed,
    intakes: 0,
    transitions: 0,
    syncs: 0,
    crashes: 0,
    accepted: 0,
    rejected: 0,
    paidOrders: 0,
    delayed: 0,
    overtaken: 0,
    reenrolments: 0,
    photos: 0,
    customerEdits: 0,
    erasures: 0,
    stockMoves: 0,
    partEdits: 0,
    newUsers: 0,
    failedSignIns: 0,
    replacements: 0,
    ownSeries: 0,
    archives: 0,
  };
  try {
    const workshop = desks.find((d) => d.code === 'W1')!;
    for (const desk of desks) {
      desk.link.faults = noFaults;
      await syncOnce(desk.desk, desk.link, { blobs: desk.blobs, push: desk.push });
      desk.link.faults = allFaults;
    }
    for (const [step, index] of schedule(random, desks.length, options.ops).entries()) {
      const desk = desks[index]!;
      clock.now += 1 + random.int(20_000);
      // Requests held in the network arrive now and then, overtaking one another.
      if (inFlight.size && random.chance(0.15)) {
        await inFlight.deliverOne();
        result.delayed++;
      }
      // Now and then, besides its step, the desk photographs one of its orders.
      if (photoRandom.chance(0.02) && (await takePhoto(photoRandom, desk, photosTaken, step))) {
        result.photos++;
        desk.collect();
      }
      // And now and then someone at the counter corrects a customer's details.
      if (editRandom.chance(0.03) && (await editCustomer(editRandom, desk, step))) {
        result.customerEdits++;
        desk.collect();
      }
      // Rarely a customer asks to be erased, at whichever desk they happen to be.
      if (editRandom.chance(0.004) && (await eraseCustomer(editRandom, desk))) {
        result.erasures++;
        desk.collect();
      }
      // Deliveries and counts at every site; price changes at the head office.
      if (stockRandom.chance(0.03)) {
        const moved = await moveStock(stockRandom, desk, step);
        if (moved === 'move') result.stockMoves++;
        if (moved === 'edit') result.partEdits++;
        if (moved) desk.collect();
      }
      if (signInRandom.chance(0.01)) {
        await failSignIn(signInRandom, desk, inFlight);
        result.failedSignIns++;
        desk.collect();
      }
      if (peopleRandom.chance(0.004) && (await addPerson(peopleRandom, desk, step, inFlight))) {
        result.newUsers++;
        desk.collect();
      }
      // Rarely the desk's computer is replaced, once all it made has reached the head office.
      if (replaceRandom.chance(0.005)) {
        const own =
          desk.kind === 'reception' && seriesRandom.chance(0.3)
            ? `${desk.code}C${result.ownSeries + 1}`
            : undefined;
        if (await desk.replace(own)) {
          result.replacements++;
          if (own) result.ownSeries++;
          result.syncs += await firstDownload(desk, clock, replaceRandom);
        }
      }
      // Now and then the head office archives its change log, all of it, as `admin
      // archive-changes --keep-days 0` would: the harshest retention there is.
      if (archiveRandom.chance(0.003)) {
        await archiveChanges(db, { before: new Date(Date.now() + 3_600_000) });
        result.archives++;
      }
      const roll = random.next();
      let act: 'intake' | 'move' | 'sync' | 'crash' | 'link' | 'credentials' =
        roll < 0.55
          ? roll < 0.3 && desk.kind === 'reception'
            ? 'intake'
            : 'move'
          : roll < 0.88
            ? 'sync'
            : roll < 0.95
              ? 'crash'
              : roll < 0.99
                ? 'link'
                : 'credentials';
      // The head office moves orders rarely, so its moves race the desks': mostly it syncs.
      if (act === 'move' && desk.kind === 'head_office' && !random.chance(0.2)) act = 'sync';
      if (act === 'intake') {
        const phone = `+39 347 ${String(1000000 + random.int(8999999))}`;
        const outcome = await desk.desk.call('createIntake', {
          customer: { mode: 'new', name: random.pick(names), phone },
          device: {
            mode: 'new',
            category: 'phone',
            brand: 'Apple',
            model: `iPhone ${random.int(16)}`,
          },
          complaint: `Guasto ${step}`,
        });
        if (!outcome.ok) throw new Error(`intake failed: ${JSON.stringify(outcome.error)}`);
        result.intakes++;
        desk.collect();
      } else if (act === 'move') {
        if (await stepOrder(random, desk, workshop.desk.site.id, stockRandom)) result.transitions++;
        desk.collect();
      } else if (act === 'sync') {
        // Sometimes another desk syncs at the same moment: on PostgreSQL with two instances,
        // their pushes and pulls run concurrently on different connections.
        const together = random.chance(0.2) ? [desk, random.pick(desks)] : [desk];
        await Promise.all(
          [...new Set(together)].map(async (syncing) => {
            const round = await syncOnce(syncing.desk, syncing.link, {
              pageSize: 1 + random.int(40),
              ...(bootstrapRandom.chance(0.5)
                ? { deferIndexesAbove: 1 + bootstrapRandom.int(20) }
                : {}),
              now: () => clock.now,
              blobs: syncing.blobs,
              push: syncing.push,
            });
            result.syncs++;
            result.overtaken += round.push.overtaken ?? 0;
          }),
        );
        for (const syncing of together)
          if (syncing.link.crashPending) {
            syncing.link.crashPending = false;
            syncing.restart();
            result.crashes++;
          }
      } else if (act === 'crash') {
        desk.restart();
        result.crashes++;
      } else if (act === 'credentials') {
        // The admin revokes the desk (it works on, refused, until it enrols again), or the desk
        // enrols again with its credentials still valid: its old id may still have pushes held.
        if (desk.revoked || random.chance(0.3)) {
          await desk.enrolAgain();
          result.reenrolments++;
        } else await desk.revoke();
      } else {
        desk.link.partitioned = !desk.link.partitioned;
      }
    }
    // The quiet period: what is still in flight arrives, the network heals, every desk syncs.
    result.delayed += inFlight.size;
    await inFlight.deliverAll();
    for (const desk of desks) {
      desk.link.faults = noFaults;
      desk.link.partitioned = false;
      if (desk.revoked) {
        await desk.enrolAgain();
        result.reenrolments++;
      }
    }
    for (let round = 0; round < 3; round++) {
      await untilPullsSeeEverything(db);
      for (const desk of desks)
        await syncOnce(desk.desk, desk.link, {
          now: () => clock.now,
          blobs: desk.blobs,
          push: desk.push,
        });
    }
    const counts = await checkInvariants(db, desks);
    result.accepted = counts.accepted;
    result.rejected = counts.rejected;
    result.paidOrders = counts.paidOrders;
    return result;
  } catch (error) {
    (error as Error).message += `\n  replay: ${replayCommand(options)}`;
    throw error;
  } finally {
    for (const desk of desks) desk.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
