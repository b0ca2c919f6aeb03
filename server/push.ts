import {
  mutationSchemaVersion,
  type MutationOutcome,
  type PushMutation,
  type PushResponse,
} from '../core/contract/replication';
import { issuesFromZod } from '../core/contract/errors';
import type { DeskPrincipal } from './auth';
import type { ServerDb, Sql } from './db/connection';
import { mutationAppliers } from './mutations';
import { Rejection } from './mutations/types';

/** Client clocks further off than this are flagged in the metrics and the log; never refused. */
export const skewWarningMs = 5 * 60_000;

export interface PushStats {
  accepted: number;
  rejected: number;
  replayed: number;
  skewed: number;
}

type Step =
  | { kind: 'outcome'; outcome: MutationOutcome }
  | { kind: 'stop'; stopped: NonNullable<PushResponse['stopped']> };

/**
 * Applies one mutation exactly once, inside its slice's transaction (which holds the desk's row
 * lock): the seq check skips what was applied and refuses a gap. The applier's writes sit behind
 * a savepoint: a rejection undoes them but still advances the seq and records the answer.
 */
async function applyOne(
  tx: Sql,
  desk: DeskPrincipal,
  mutation: PushMutation,
  lastSeq: number,
  now: number,
  stats: PushStats,
): Promise<Step> {
  if (mutation.seq <= lastSeq) {
    const [stored] = await tx.query<{
      mutation_id: string;
      status: 'accepted' | 'rejected';
      code: MutationOutcome['code'] | null;
      params: Record<string, string | number> | null;
    }>(
      'SELECT mutation_id, status, code, params FROM applied_mutations WHERE desk_id = $1 AND seq = $2',
      [desk.deskId, mutation.seq],
    );
    if (!stored || stored.mutation_id !== mutation.mutationId) {
      return {
        kind: 'outcome',
        outcome: {
          seq: mutation.seq,
          mutationId: mutation.mutationId,
          status: 'rejected',
          code: 'seq_mismatch',
          params: { seq: mutation.seq },
          replayed: true,
        },
      };
    }
    stats.replayed++;
    return {
      kind: 'outcome',
      outcome: {
        seq: mutation.seq,
        mutationId: mutation.mutationId,
        status: stored.status,
        ...(stored.code ? { code: stored.code } : {}),
        ...(stored.params ? { params: stored.params } : {}),
        replayed: true,
      },
    };
  }
  if (mutation.seq !== lastSeq + 1)
    return {
      kind: 'stop',
      stopped: { reason: 'gap', expectedSeq: lastSeq + 1, seq: mutation.seq },
    };

  let outcome: MutationOutcome = {
    seq: mutation.seq,
    mutationId: mutation.mutationId,
    status: 'accepted',
  };
  const reject = (
    code: NonNullable<MutationOutcome['code']>,
    params: Record<string, string | number>,
  ) => {
    outcome = { ...outcome, status: 'rejected', code, params };
  };
  const applier = Object.hasOwn(mutationAppliers, mutation.name)
    ? mutationAppliers[mutation.name]
    : undefined;
  const duplicateId = await tx.query('SELECT 1 FROM applied_mutations WHERE mutation_id = $1', [
    mutation.mutationId,
  ]);
  if (duplicateId.length) reject('conflict', { mutationId: mutation.mutationId });
  else if (!applier) reject('unknown_mutation', { name: mutation.name.slice(0, 80) });
  else {
    const parsed = applier.args.safeParse(mutation.args);
    if (!parsed.success) {
      const issue = issuesFromZod(parsed.error)[0];
      reject('validation', { field: issue?.path ?? '', issue: issue?.code ?? 'invalid' });
    } else {
      await tx.query('SAVEPOINT apply_mutation');
      try {
        await applier.apply({ tx, desk, mutation, now }, parsed.data);
        await tx.query('RELEASE SAVEPOINT apply_mutation');
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT apply_mutation');
        reject(error.code, error.params);
      }
    }
  }

  const skewMs = mutation.clientAt - now;
  if (Math.abs(skewMs) > skewWarningMs) stats.skewed++;
  await tx.query(
    `INSERT INTO applied_mutations (desk_id, seq, mutation_id, name, status, code, params, client_at, server_at, skew_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10)`,
    [
      desk.deskId,
      mutation.seq,
      duplicateId.length ? `dup-${desk.deskId}-${mutation.seq}` : mutation.mutationId,
      mutation.name.slice(0, 80),
      outcome.status,
      outcome.code ?? null,
      outcome.params ? JSON.stringify(outcome.params) : null,
      mutation.clientAt,
      now,
      skewMs,
    ],
  );
  if (outcome.status === 'accepted') stats.accepted++;
  else stats.rejected++;
  return { kind: 'outcome', outcome };
}

/** Mutations applied per transaction: fewer commits, yet short enough not to hold pulls back. */
const mutationsPerTransaction = 50;

/**
 * One transaction for a slice of the batch. The desk's row is locked first, so two instances
 * handling the same desk's retries take turns; `last_seq` moves with the slice's answers.
 */
async function applySlice(
  db: ServerDb,
  desk: DeskPrincipal,
  slice: PushMutation[],
  now: () => number,
  stats: PushStats,
): Promise<{ outcomes: MutationOutcome[]; stopped?: NonNullable<PushResponse['stopped']> }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ last_seq: string }>(
      'SELECT last_seq::text FROM desks WHERE id = $1 FOR UPDATE',
      [desk.deskId],
    );
    const startSeq = Number(row!.last_seq);
    let lastSeq = startSeq;
    const outcomes: MutationOutcome[] = [];
    let stopped: NonNullable<PushResponse['stopped']> | undefined;
    for (const mutation of slice) {
      const step = await applyOne(tx, desk, mutation, lastSeq, now(), stats);
      if (step.kind === 'stop') {
        stopped = step.stopped;
        break;
      }
      outcomes.push(step.outcome);
      if (!step.outcome.replayed) lastSeq = mutation.seq;
    }
    if (lastSeq !== startSeq)
      await tx.query('UPDATE desks SET last_seq = $2, last_seen_at = $3 WHERE id = $1', [
        desk.deskId,
        lastSeq,
        now(),
      ]);
    return { outcomes, ...(stopped ? { stopped } : {}) };
  });
}

/** Handles a batch in order; stops at a gap or at a version the server cannot read. */
export async function processPush(
  db: ServerDb,
  desk: DeskPrincipal,
  mutations: PushMutation[],
  now: () => number,
  stats: PushStats,
  versions: { currentSchemaVersion: number } = { currentSchemaVersion: mutationSchemaVersion },
): Promise<PushResponse> {
  const current = versions.currentSchemaVersion;
  const outcomes: MutationOutcome[] = [];
  let stopped: PushResponse['stopped'];
  // The batch is cut before the first mutation this server cannot read.
  const unreadable = mutations.findIndex(
    (m) => m.schemaVersion < current - 1 || m.schemaVersion > current,
  );
  const applicable = unreadable < 0 ? mutations : mutations.slice(0, unreadable);
  for (let i = 0; i < applicable.length && !stopped; i += mutationsPerTransaction) {
    const slice = await applySlice(
      db,
      desk,
      applicable.slice(i, i + mutationsPerTransaction),
      now,
      stats,
    );
    outcomes.push(...slice.outcomes);
    stopped = slice.stopped;
  }
  if (!stopped && unreadable >= 0) {
    const first = mutations[unreadable]!;
    stopped = {
      reason: first.schemaVersion > current ? 'server_update_required' : 'update_required',
      seq: first.seq,
    };
  }
  const [row] = await db.query<{ last_seq: string }>(
    'SELECT last_seq::text FROM desks WHERE id = $1',
    [desk.deskId],
  );
  return {
    outcomes,
    lastSeq: Number(row!.last_seq),
    ...(stopped ? { stopped } : {}),
    serverTime: now(),
  };
}
