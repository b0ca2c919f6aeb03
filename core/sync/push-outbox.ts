import { asc, gt, inArray, sql } from 'drizzle-orm';
import type { MutationOutcome, PushMutation, PushResponse } from '../contract/replication';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared';
import { outbox, sentChanges, syncRejections } from '../db/schema';
import { dropRefusedMovements } from '../stock/ledger';
import { orderNumberOf, toPushMutation, type Tx } from './outbox';
import type { SyncTransport } from './transport';

export interface PushReport {
  sent: number;
  accepted: number;
  rejected: number;
  stopped?: NonNullable<PushResponse['stopped']>['reason'] | 'seq_mismatch';
  /** Pushes that reached the server before the one sent ahead of them, and were sent again. */
  overtaken?: number;
}

/** Mutations per push: the contract's maximum, so a long outbox takes few round trips. */
const maxBatchSize = 500;

/**
 * Bytes of arguments and audit rows per push, well under the server's body limit (8 MB by
 * default): a run of large changes goes in several pushes, where one push over the limit would
 * be refused every time and stop this desk's replication. A change bigger than this goes alone.
 */
export const pushBatchBytes = 4 * 1024 * 1024;

/** How long, and how many, accepted changes are kept to be sent again after a head-office restore. */
export const sentKeptMs = 30 * 86_400_000;
export const sentKeptRows = 50_000;

/**
 * Copies accepted changes from the outbox into `sent_changes`, and lets go of those older than
 * `sentKeptMs` or beyond the newest `sentKeptRows`.
 */
function keepSent(tx: Tx, seqs: number[], now: number): void {
  tx.run(sql`
    INSERT INTO ${sentChanges} (mutation_id, name, args, schema_version, client_at, user_id, order_number, accepted_at)
    SELECT mutation_id, name, args, schema_version, client_at, user_id, order_number, ${now}
      FROM ${outbox} WHERE ${inArray(outbox.seq, seqs)} ORDER BY seq`);
  tx.run(sql`
    DELETE FROM ${sentChanges}
     WHERE accepted_at < ${now - sentKeptMs}
        OR seq <= (SELECT max(seq) FROM ${sentChanges}) - ${sentKeptRows}`);
}

/**
 * Settles the server's answers in one transaction: accepted entries leave the outbox, refused
 * ones move to `sync_rejections` with the reason. A crash before this commits is harmless: the
 * next push replays the same seqs and the server returns the answers it stored.
 */
function settle(db: Db, outcomes: MutationOutcome[], now: number): void {
  db.transaction(
    (tx) => {
      const seqs = outcomes.map((o) => o.seq);
      const queued = new Map(
        tx
          .select({ seq: outbox.seq, mutationId: outbox.mutationId })
          .from(outbox)
          .where(inArray(outbox.seq, seqs))
          .all()
          .map((row) => [row.seq, row.mutationId]),
      );
      const settled = outcomes.filter((o) => queued.get(o.seq) === o.mutationId);
      const refused = new Map(
        settled.filter((o) => o.status === 'rejected').map((o) => [o.seq, o]),
      );
      if (refused.size) {
        const entries = tx
          .select()
          .from(outbox)
          .where(inArray(outbox.seq, [...refused.keys()]))
          .all();
        tx.insert(syncRejections)
          .values(
            entries.map((entry) => ({
              seq: entry.seq,
              mutationId: entry.mutationId,
              name: entry.name,
              args: entry.args,
              clientAt: entry.clientAt,
              userId: entry.userId,
              code: refused.get(entry.seq)!.code ?? 'validation',
              params: refused.get(entry.seq)!.params ?? null,
              rejectedAt: now,
              // Read when queued: a page pulled since may have taken the order off this desk.
              orderNumber: entry.orderNumber ?? orderNumberOf(tx, entry.args),
            })),
          )
          .onConflictDoNothing()
          .run();
        // What the server refused never happened in the books of record: the stock it moved here
        // goes back, or this desk would show stock its site's ledger does not have.
        dropRefusedMovements(tx, entries);
      }
      const accepted = settled.filter((o) => o.status !== 'rejected').map((o) => o.seq);
      if (accepted.length) keepSent(tx, accepted, now);
      const done = settled.map((o) => o.seq);
      if (done.length) tx.delete(outbox).where(inArray(outbox.seq, done)).run();
    },
    { behavior: 'immediate' },
  );
}

export interface PushOptions {
  /** Bytes of arguments and audit rows per push (`pushBatchBytes`). */
  batchBytes?: number;
  /** Mutations per push, at most the contract's 500. */
  batchSize?: number;
  /**
   * Pushes awaiting their answers at once. With two, the next batch travels while the server
   * applies the one before, so neither the round trip nor this desk's own work (reading the
   * outbox, settling answers) stands between the server's transactions. One: strictly in turn.
   */
  window?: number;
}

type OutboxEntry = typeof outbox.$inferSelect;

/** The next batch after `afterSeq`: up to `size` entries in order, within the byte budget. */
function nextBatch(db: Db, afterSeq: number, size: number, budget: number): OutboxEntry[] {
  const queued = preparedOnce(db, 'outbox.nextBatch', (db) =>
    db
      .select({
        entry: outbox,
        // In UTF-8 bytes, as sent (`length` of text counts characters).
        bytes: sql<number>`length(CAST(${outbox.args} AS BLOB)) + coalesce(length(CAST(${outbox.audit} AS BLOB)), 0)`,
      })
      .from(outbox)
      .where(gt(outbox.seq, sql.placeholder('afterSeq')))
      .orderBy(asc(outbox.seq))
      .limit(sql.placeholder('size'))
      .prepare(),
  ).all({ afterSeq, size });
  const batch: OutboxEntry[] = [];
  let bytes = 0;
  for (const row of queued) {
    if (batch.length && bytes + row.bytes > budget) break;
    bytes += row.bytes;
    batch.push(row.entry);
  }
  return batch;
}

interface SentPush {
  mutations: PushMutation[];
  answer: Promise<PushResponse>;
  /** Sent while an earlier push of this desk was still unanswered. */
  behindAnother: boolean;
}

/**
 * Sends the outbox in order, in batches, until it is empty or the server stops a batch. Answers
 * are settled in the order the batches were sent; up to `window` pushes are in flight.
 *
 * A push sent behind another can reach the server first (another connection, another server
 * instance): the server refuses it whole as a gap, applying nothing. Once the push ahead has been
 * answered, the refused batch is sent again, alone; a gap then is a real one and stops the push.
 * When the push stops or the network fails, the answers still in flight are not settled: the next
 * push sends those batches again and the server answers them from what it stored.
 */
export async function pushOutbox(
  db: Db,
  transport: SyncTransport,
  now: () => number,
  options: PushOptions = {},
): Promise<PushReport> {
  const { batchBytes = pushBatchBytes, batchSize = maxBatchSize, window = 2 } = options;
  const size = Math.max(1, Math.min(batchSize, maxBatchSize));
  const report: PushReport = { sent: 0, accepted: 0, rejected: 0 };
  const inFlight: SentPush[] = [];
  // The last seq sent in a push not yet answered (0: none).
  let sentUpTo = 0;
  let alone = false;
  for (;;) {
    while (inFlight.length < (alone ? 1 : Math.max(1, window))) {
      const batch = nextBatch(db, sentUpTo, size, batchBytes);
      if (!batch.length) break;
      sentUpTo = batch.at(-1)!.seq;
      const mutations = batch.map(toPushMutation);
      const answer = transport.push(mutations);
      // Awaited below, or dropped when the push stops first: never an unhandled rejection.
      answer.catch(() => undefined);
      inFlight.push({ mutations, answer, behindAnother: inFlight.length > 0 });
    }
    const head = inFlight.shift();
    if (!head) return report;
    const response = await head.answer;
    alone = false;
    const first = head.mutations[0]!.seq;
    if (
      head.behindAnother &&
      response.stopped?.reason === 'gap' &&
      !response.outcomes.length &&
      response.stopped.expectedSeq !== undefined &&
      response.stopped.expectedSeq < first
    ) {
      // It overtook the push ahead of it, which has been answered since: send it again, alone.
      await Promise.allSettled(inFlight.splice(0).map((p) => p.answer));
      report.overtaken = (report.overtaken ?? 0) + 1;
      sentUpTo = first - 1;
      alone = true;
      continue;
    }
    report.sent += head.mutations.length;
    // A seq the server holds under another mutation id means this outbox diverged from what
    // the server saw (a restored backup): keep everything and let a person look.
    const mismatch = response.outcomes.findIndex((o) => o.code === 'seq_mismatch');
    const settled = mismatch >= 0 ? response.outcomes.slice(0, mismatch) : response.outcomes;
    settle(db, settled, now());
    report.accepted += settled.filter((o) => o.status === 'accepted').length;
    report.rejected += settled.filter((o) => o.status === 'rejected').length;
    if (mismatch >= 0) return { ...report, stopped: 'seq_mismatch' };
    if (response.stopped) return { ...report, stopped: response.stopped.reason };
    if (!settled.length) return report;
  }
}
