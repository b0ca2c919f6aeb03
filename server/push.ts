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
import { Rejection, type MutationApplier } from './mutations/types';
import { SliceRetry, SliceTx, type RecordKey } from './slice-tx';

/** Client clocks further off than this are flagged in the metrics and the log; never refused. */
export const skewWarningMs = 5 * 60_000;

export interface PushStats {
  accepted: number;
  rejected: number;
  replayed: number;
  skewed: number;
}

type Stopped = NonNullable<PushResponse['stopped']>;

interface StoredAnswer {
  mutation_id: string;
  status: 'accepted' | 'rejected';
  code: MutationOutcome['code'] | null;
  params: Record<string, string | number> | null;
}

type Refusal = {
  code: NonNullable<MutationOutcome['code']>;
  params: Record<string, string | number>;
};

/** What the slice decided for each mutation before any applier runs. */
type Plan =
  | { kind: 'replay'; mutation: PushMutation }
  | {
      kind: 'apply';
      mutation: PushMutation;
      /** Set when the mutation is refused without running its applier. */
      refusal?: Refusal;
      duplicateId: boolean;
      applier?: MutationApplier;
      args?: unknown;
    };

/** A JSON text parameter: the same on postgres-js and PGlite, and any string is safe in it. */
const json = (value: unknown) => JSON.stringify(value);

/**
 * Orders the slice the way it will be handled (the seq check skips what was applied and stops
 * at a gap), reads the stored answers and the taken mutation ids in one query each, and parses
 * each new mutation's args with its applier's schema.
 */
async function planSlice(
  tx: Sql,
  desk: DeskPrincipal,
  slice: PushMutation[],
  startSeq: number,
): Promise<{ plans: Plan[]; stored: Map<number, StoredAnswer>; stopped?: Stopped }> {
  const plans: Plan[] = [];
  let stopped: Stopped | undefined;
  let lastSeq = startSeq;
  for (const mutation of slice) {
    if (mutation.seq <= lastSeq) plans.push({ kind: 'replay', mutation });
    else if (mutation.seq !== lastSeq + 1) {
      stopped = { reason: 'gap', expectedSeq: lastSeq + 1, seq: mutation.seq };
      break;
    } else {
      plans.push({ kind: 'apply', mutation, duplicateId: false });
      lastSeq = mutation.seq;
    }
  }
  const replayed = plans.filter((p) => p.kind === 'replay' && p.mutation.seq <= startSeq);
  const stored = new Map<number, StoredAnswer>();
  if (replayed.length)
    for (const row of await tx.query<StoredAnswer & { seq: string }>(
      `SELECT seq::text, mutation_id, status, code, params FROM applied_mutations
        WHERE desk_id = $1 AND seq IN (SELECT jsonb_array_elements_text($2::text::jsonb)::bigint)`,
      [desk.deskId, json(replayed.map((p) => p.mutation.seq))],
    ))
      stored.set(Number(row.seq), row);

  const fresh = plans.filter((p) => p.kind === 'apply');
  const taken = new Set(
    fresh.length
      ? (
          await tx.query<{ mutation_id: string }>(
            `SELECT mutation_id FROM applied_mutations
              WHERE mutation_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
            [json(fresh.map((p) => p.mutation.mutationId))],
          )
        ).map((row) => row.mutation_id)
      : [],
  );
  for (const plan of fresh) {
    const { mutation } = plan;
    if (taken.has(mutation.mutationId)) {
      plan.duplicateId = true;
      plan.refusal = { code: 'conflict', params: { mutationId: mutation.mutationId } };
      continue;
    }
    taken.add(mutation.mutationId);
    const applier = Object.hasOwn(mutationAppliers, mutation.name)
      ? mutationAppliers[mutation.name]
      : undefined;
    if (!applier) {
      plan.refusal = { code: 'unknown_mutation', params: { name: mutation.name.slice(0, 80) } };
      continue;
    }
    const parsed = applier.args.safeParse(mutation.args);
    if (!parsed.success) {
      const issue = issuesFromZod(parsed.error)[0];
      plan.refusal = {
        code: 'validation',
        params: { field: issue?.path ?? '', issue: issue?.code ?? 'invalid' },
      };
      continue;
    }
    plan.applier = applier;
    plan.args = parsed.data;
  }
  return { plans, stored, ...(stopped ? { stopped } : {}) };
}

/** The records the not-yet-applied mutations of a slice declared they will read. */
function readsOf(plans: Plan[]): RecordKey[] {
  return plans.flatMap((p) =>
    p.kind === 'apply' && p.applier?.reads ? p.applier.reads(p.args) : [],
  );
}

/** The answer for a seq the server already handled: the stored one, or a mismatch. */
function replayAnswer(mutation: PushMutation, stored: StoredAnswer | undefined): MutationOutcome {
  if (!stored || stored.mutation_id !== mutation.mutationId)
    return {
      seq: mutation.seq,
      mutationId: mutation.mutationId,
      status: 'rejected',
      code: 'seq_mismatch',
      params: { seq: mutation.seq },
      replayed: true,
    };
  return {
    seq: mutation.seq,
    mutationId: mutation.mutationId,
    status: stored.status,
    ...(stored.code ? { code: stored.code } : {}),
    ...(stored.params ? { params: stored.params } : {}),
    replayed: true,
  };
}

const insertAnswers = `INSERT INTO applied_mutations
    (desk_id, seq, mutation_id, name, status, code, params, client_at, server_at, skew_ms)
  SELECT a.desk_id, a.seq, a.mutation_id, a.name, a.status, a.code, a.params, a.client_at,
         a.server_at, a.skew_ms
    FROM jsonb_to_recordset($1::text::jsonb) AS a(desk_id text, seq bigint, mutation_id text,
      name text, status text, code text, params jsonb, client_at bigint, server_at bigint,
      skew_ms bigint)`;

/** How many mutations' reads are fetched again after a direct-mode mutation dropped the cache. */
const readAheadAfterDirect = 50;

/** Mutations applied per transaction: few statements each, yet short enough not to hold pulls back. */
const mutationsPerTransaction = 250;

/**
 * One transaction for a slice of the batch. The desk's row is locked first, so two instances
 * handling the same desk's retries take turns; `last_seq` moves with the slice's answers.
 * Each new mutation runs its applier against a `SliceTx` (buffered writes, see there); a refusal
 * changes nothing and still advances the seq with its answer recorded.
 */
async function applySlice(
  db: ServerDb,
  desk: DeskPrincipal,
  slice: PushMutation[],
  now: () => number,
  oneByOne: boolean,
): Promise<{ outcomes: MutationOutcome[]; stopped?: Stopped; stats: PushStats }> {
  return db.transaction(async (tx) => {
    const stats: PushStats = { accepted: 0, rejected: 0, replayed: 0, skewed: 0 };
    const [row] = await tx.query<{ last_seq: string }>(
      'SELECT last_seq::text FROM desks WHERE id = $1 FOR UPDATE',
      [desk.deskId],
    );
    const startSeq = Number(row!.last_seq);
    const { plans, stored, stopped } = await planSlice(tx, desk, slice, startSeq);
    const sliceTx = new SliceTx(tx, oneByOne);
    await sliceTx.prefetch(readsOf(plans));
    let fetchedUntil = plans.length;

    const outcomes: MutationOutcome[] = [];
    const answers: unknown[] = [];
    const answered = new Map<number, StoredAnswer>();
    let lastSeq = startSeq;
    for (const [i, plan] of plans.entries()) {
      const { mutation } = plan;
      if (plan.kind === 'replay') {
        const outcome = replayAnswer(
          mutation,
          answered.get(mutation.seq) ?? stored.get(mutation.seq),
        );
        if (outcome.code !== 'seq_mismatch') stats.replayed++;
        outcomes.push(outcome);
        continue;
      }
      let outcome: MutationOutcome = {
        seq: mutation.seq,
        mutationId: mutation.mutationId,
        status: 'accepted',
      };
      const reject = (refusal: Refusal) => {
        outcome = { ...outcome, status: 'rejected', code: refusal.code, params: refusal.params };
      };
      const at = now();
      if (plan.refusal) reject(plan.refusal);
      else {
        // A direct-mode mutation dropped the cache: read ahead again, a window at a time.
        if (sliceTx.stale || i >= fetchedUntil) {
          fetchedUntil = i + readAheadAfterDirect;
          await sliceTx.prefetch(readsOf(plans.slice(i, fetchedUntil)));
        }
        await sliceTx.begin();
        try {
          await plan.applier!.apply({ tx: sliceTx, desk, mutation, now: at }, plan.args);
          await sliceTx.accept();
        } catch (error) {
          if (!(error instanceof Rejection)) throw error;
          await sliceTx.reject();
          reject(error);
        }
      }
      const skewMs = mutation.clientAt - at;
      if (Math.abs(skewMs) > skewWarningMs) stats.skewed++;
      const mutationId = plan.duplicateId
        ? `dup-${desk.deskId}-${mutation.seq}`
        : mutation.mutationId;
      answers.push({
        desk_id: desk.deskId,
        seq: mutation.seq,
        mutation_id: mutationId,
        name: mutation.name.slice(0, 80),
        status: outcome.status,
        code: outcome.code ?? null,
        params: outcome.params ?? null,
        client_at: mutation.clientAt,
        server_at: at,
        skew_ms: skewMs,
      });
      answered.set(mutation.seq, {
        mutation_id: mutationId,
        status: outcome.status,
        code: outcome.code ?? null,
        params: outcome.params ?? null,
      });
      if (outcome.status === 'accepted') stats.accepted++;
      else stats.rejected++;
      outcomes.push(outcome);
      lastSeq = mutation.seq;
    }
    await sliceTx.flush();
    if (answers.length) await tx.query(insertAnswers, [json(answers)]);
    if (lastSeq !== startSeq)
      await tx.query('UPDATE desks SET last_seq = $2, last_seen_at = $3 WHERE id = $1', [
        desk.deskId,
        lastSeq,
        now(),
      ]);
    return { outcomes, stats, ...(stopped ? { stopped } : {}) };
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
    const part = applicable.slice(i, i + mutationsPerTransaction);
    const slice = await applySlice(db, desk, part, now, false).catch((error: unknown) => {
      if (!(error instanceof SliceRetry)) throw error;
      return applySlice(db, desk, part, now, true);
    });
    for (const key of ['accepted', 'rejected', 'replayed', 'skewed'] as const)
      stats[key] += slice.stats[key];
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
