import { asc, inArray, sql } from 'drizzle-orm';
import type { MutationOutcome, PushMutation, PushResponse } from '../contract/replication';
import type { Db } from '../db/open';
import { outbox, syncRejections } from '../db/schema';
import { dropRefusedMovements } from '../stock/ledger';
import { toPushMutation } from './outbox';
import { orderNumberOf } from './status';
import type { SyncTransport } from './transport';

export interface PushReport {
  sent: number;
  accepted: number;
  rejected: number;
  stopped?: NonNullable<PushResponse['stopped']>['reason'] | 'seq_mismatch';
}

/** Mutations per push: the contract's maximum, so a long outbox takes few round trips. */
const batchSize = 500;

/**
 * Bytes of arguments and audit rows per push, well under the server's body limit (8 MB by
 * default): a run of large changes goes in several pushes, where one push over the limit would
 * be refused every time and stop this desk's replication. A change bigger than this goes alone.
 */
export const pushBatchBytes = 4 * 1024 * 1024;

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
              // Read now: a later page may take the order off this desk (custody moved on).
              orderNumber: orderNumberOf(tx, entry.args),
            })),
          )
          .onConflictDoNothing()
          .run();
        // What the server refused never happened in the books of record: the stock it moved here
        // goes back, or this desk would show stock its site's ledger does not have.
        dropRefusedMovements(tx, entries);
      }
      const done = settled.map((o) => o.seq);
      if (done.length) tx.delete(outbox).where(inArray(outbox.seq, done)).run();
    },
    { behavior: 'immediate' },
  );
}

/** Sends the outbox in order, in batches, until it is empty or the server stops the batch. */
export async function pushOutbox(
  db: Db,
  transport: SyncTransport,
  now: () => number,
  batchBytes = pushBatchBytes,
): Promise<PushReport> {
  const report: PushReport = { sent: 0, accepted: 0, rejected: 0 };
  for (;;) {
    const queued = db
      .select({
        entry: outbox,
        // In UTF-8 bytes, as sent (`length` of text counts characters).
        bytes: sql<number>`length(CAST(${outbox.args} AS BLOB)) + coalesce(length(CAST(${outbox.audit} AS BLOB)), 0)`,
      })
      .from(outbox)
      .orderBy(asc(outbox.seq))
      .limit(batchSize)
      .all();
    const batch: (typeof outbox.$inferSelect)[] = [];
    let bytes = 0;
    for (const row of queued) {
      if (batch.length && bytes + row.bytes > batchBytes) break;
      bytes += row.bytes;
      batch.push(row.entry);
    }
    if (!batch.length) return report;
    const mutations: PushMutation[] = batch.map(toPushMutation);
    const response = await transport.push(mutations);
    report.sent += mutations.length;
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
