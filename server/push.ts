import type { z } from 'zod';
import {
  clockSkewLimitMs,
  mutationSchemaVersion,
  type MutationOutcome,
  type PushMutation,
  type PushResponse,
} from '../core/contract/replication';
import { issuesFromZod } from '../core/contract/errors';
import { AuditAppendArgs } from '../core/contract/mutations';
import type { DeskPrincipal } from './auth';
import type { ServerDb, Sql } from './db/connection';
import { mutationAppliers } from './mutations';
import { auditAppend } from './mutations/audit-append';
import { Rejection, type MutationApplier } from './mutations/types';
import type { PushTurns } from './push-turns';
import { SliceRetry, SliceTx, type RecordKey } from './slice-tx';

/** Pushes that changed something notify this channel; every instance listens and wakes its desks. */
export const changesChannel = 'sportello_changes';

/** Client clocks further off than this are flagged in the metrics and the log; never refused. */
export const skewWarningMs = clockSkewLimitMs;

export interface PushStats {
  accepted: number;
  rejected: number;
  replayed: number;
  skewed: number;
}

type Stopped = NonNullable<PushResponse['stopped']>;

interface StoredAnswer {
  mutation_id: string;
  /** Set when the id the desk sent was already taken (see `applied_mutations.duplicate_of`). */
  duplicate_of?: string | null;
  status: 'accepted' | 'rejected';
  code: MutationOutcome['code'] | null;
  params: Record<string, string | number> | null;
}

/** A mutation id already in `applied_mutations`, and whether another desk of the pusher's site sent it. */
interface TakenId extends StoredAnswer {
  name: string;
  same_site: boolean;
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
      /**
       * Set when another desk of the same site already sent this very change: the desk was
       * enrolled again and sends its queue under its new id. It gets that answer; nothing runs.
       */
      earlier?: StoredAnswer;
      duplicateId: boolean;
      applier?: MutationApplier;
      args?: unknown;
      /** The audit rows that came with it, appended whatever its answer (see `PushMutation.audit`). */
      audit?: AuditRows;
    };

type AuditRows = z.output<typeof AuditAppendArgs>;

/** A JSON text parameter: the same on postgres-js and PGlite, and any string is safe in it. */
const json = (value: unknown) => JSON.stringify(value);

/** A mutation's applier and its parsed args, or why it is refused before any applier runs. */
interface Parsed {
  applier?: MutationApplier;
  args?: unknown;
  refusal?: Refusal;
  audit?: AuditRows;
}

function validationRefusal(error: z.ZodError, prefix = ''): Refusal {
  const raw = error.issues[0];
  // A field the change may not carry (a site's code or currency) is named, not its object.
  if (raw?.code === 'unrecognized_keys') {
    const field = [...raw.path.map(String), raw.keys[0]].join('.');
    return { code: 'validation', params: { field: prefix + field, issue: 'not_changeable' } };
  }
  const issue = issuesFromZod(error)[0];
  return {
    code: 'validation',
    params: { field: prefix + (issue?.path ?? ''), issue: issue?.code ?? 'invalid' },
  };
}

function parseMutation(mutation: PushMutation): Parsed {
  // Audit rows that fail their schema are refused with the change and not kept; valid ones are
  // kept even when the change itself is refused.
  let audit: AuditRows | undefined;
  if (mutation.audit) {
    const parsed = AuditAppendArgs.safeParse({ rows: mutation.audit });
    if (!parsed.success) return { refusal: validationRefusal(parsed.error, 'audit.') };
    audit = parsed.data;
  }
  const withAudit = audit ? { audit } : {};
  const applier = Object.hasOwn(mutationAppliers, mutation.name)
    ? mutationAppliers[mutation.name]
    : undefined;
  if (!applier)
    return {
      refusal: { code: 'unknown_mutation', params: { name: mutation.name.slice(0, 80) } },
      ...withAudit,
    };
  const parsed = applier.args.safeParse(mutation.args);
  if (!parsed.success) return { refusal: validationRefusal(parsed.error), ...withAudit };
  return { applier, args: parsed.data, ...withAudit };
}

/** The records a mutation's applier and its audit rows declared they will read. */
function readsOfParsed({ applier, args, audit }: Parsed): RecordKey[] {
  return [
    ...(audit ? auditAppend.reads!(audit) : []),
    ...(applier?.reads ? applier.reads(args) : []),
  ];
}

/**
 * Locks the desk's row and orders the slice the way it will be handled (the seq check skips what
 * was applied and stops at a gap). The same statement reads the stored answers of the slice's
 * seqs and which of its mutation ids are taken.
 */
async function planSlice(
  tx: Sql,
  desk: DeskPrincipal,
  slice: PushMutation[],
  parsed: Parsed[],
): Promise<{
  startSeq: number;
  plans: Plan[];
  stored: Map<number, StoredAnswer>;
  stopped?: Stopped;
}> {
  const [row] = await tx.query<{
    last_seq: string;
    stored: (StoredAnswer & { seq: number })[] | null;
    taken: TakenId[] | null;
  }>(
    `SELECT d.last_seq::text,
       (SELECT json_agg(json_build_object('seq', a.seq, 'mutation_id', a.mutation_id,
                 'duplicate_of', a.duplicate_of, 'status', a.status, 'code', a.code,
                 'params', a.params))
          FROM applied_mutations a
         WHERE a.desk_id = d.id AND a.seq <= d.last_seq
           AND a.seq IN (SELECT jsonb_array_elements_text($2::text::jsonb)::bigint)) AS stored,
       (SELECT json_agg(json_build_object('mutation_id', a.mutation_id, 'name', a.name,
                 'status', a.status, 'code', a.code, 'params', a.params,
                 'same_site', o.id <> d.id AND o.site_id = d.site_id))
          FROM applied_mutations a JOIN desks o ON o.id = a.desk_id
         WHERE a.mutation_id IN (SELECT jsonb_array_elements_text($3::text::jsonb))) AS taken
       FROM desks d WHERE d.id = $1 FOR UPDATE`,
    [desk.deskId, json(slice.map((m) => m.seq)), json(slice.map((m) => m.mutationId))],
  );
  const startSeq = Number(row!.last_seq);
  const stored = new Map((row!.stored ?? []).map((answer) => [Number(answer.seq), answer]));
  const takenBefore = new Map((row!.taken ?? []).map((t) => [t.mutation_id, t]));
  const taken = new Set(takenBefore.keys());
  const plans: Plan[] = [];
  let stopped: Stopped | undefined;
  let lastSeq = startSeq;
  for (const [i, mutation] of slice.entries()) {
    if (mutation.seq <= lastSeq) {
      plans.push({ kind: 'replay', mutation });
      continue;
    }
    if (mutation.seq !== lastSeq + 1) {
      stopped = { reason: 'gap', expectedSeq: lastSeq + 1, seq: mutation.seq };
      break;
    }
    lastSeq = mutation.seq;
    const plan: Plan & { kind: 'apply' } = { kind: 'apply', mutation, duplicateId: false };
    plans.push(plan);
    if (taken.has(mutation.mutationId)) {
      plan.duplicateId = true;
      const earlier = takenBefore.get(mutation.mutationId);
      if (earlier?.same_site && earlier.name === mutation.name.slice(0, 80)) plan.earlier = earlier;
      else plan.refusal = { code: 'conflict', params: { mutationId: mutation.mutationId } };
      continue;
    }
    taken.add(mutation.mutationId);
    const { applier, args, refusal, audit } = parsed[i]!;
    if (audit) plan.audit = audit;
    if (refusal) plan.refusal = refusal;
    else {
      plan.applier = applier;
      plan.args = args;
    }
  }
  return { startSeq, plans, stored, ...(stopped ? { stopped } : {}) };
}

/** The records the not-yet-applied mutations of a slice declared they will read. */
function readsOf(plans: Plan[]): RecordKey[] {
  return plans.flatMap((p) => (p.kind === 'apply' ? readsOfParsed(p) : []));
}

/** Runs one applier as a unit of the slice: its writes are kept, or dropped with its refusal. */
async function runApplier(
  sliceTx: SliceTx,
  applier: MutationApplier,
  ctx: Omit<Parameters<MutationApplier['apply']>[0], 'tx'>,
  args: unknown,
): Promise<Refusal | undefined> {
  await sliceTx.begin();
  try {
    await applier.apply({ ...ctx, tx: sliceTx }, args);
    await sliceTx.accept();
    return undefined;
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    await sliceTx.reject();
    return error;
  }
}

/** The answer for a seq the server already handled: the stored one, or a mismatch. */
function replayAnswer(mutation: PushMutation, stored: StoredAnswer | undefined): MutationOutcome {
  const sameMutation =
    stored?.mutation_id === mutation.mutationId || stored?.duplicate_of === mutation.mutationId;
  if (!stored || !sameMutation)
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

/** How many mutations' reads are fetched again after a direct-mode mutation dropped the cache. */
const readAheadAfterDirect = 50;

/**
 * Mutations whose writes are sent ahead within a slice (`SliceTx.flushAhead`): PostgreSQL writes
 * them while the next ones are applied here. A push of 20 000 intakes on PostgreSQL took 5.5–6.1 s
 * with 25, 50 or 100 against 6.3–6.5 s without (`bench/push-profile.ts`).
 */
export const mutationsPerWriteAhead = 50;

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
  writeAhead: number,
): Promise<{ outcomes: MutationOutcome[]; stopped?: Stopped; stats: PushStats; lastSeq: number }> {
  return db.transaction(async (tx) => {
    const stats: PushStats = { accepted: 0, rejected: 0, replayed: 0, skewed: 0 };
    const parsed = slice.map(parseMutation);
    const sliceTx = new SliceTx(tx, oneByOne);
    // The rows every mutation of the slice declared are read with the plan, in one round trip:
    // PostgreSQL runs the read after the plan's statement has locked the desk's row. A mutation
    // the plan then skips (a replay, a taken id) was read for nothing.
    const [{ startSeq, plans, stored, stopped }] = await Promise.all([
      planSlice(tx, desk, slice, parsed),
      sliceTx.prefetch(parsed.flatMap(readsOfParsed)),
    ]);
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
      // (An applier is planned only for a mutation that is neither refused up front nor answered.)
      if ((plan.audit || plan.applier) && (sliceTx.stale || i >= fetchedUntil)) {
        // A direct-mode mutation dropped the cache: read ahead again, a window at a time.
        fetchedUntil = i + readAheadAfterDirect;
        await sliceTx.prefetch(readsOf(plans.slice(i, fetchedUntil)));
      }
      const context = { desk, mutation, now: at };
      // The audit rows first, as a unit of their own: kept whatever the change's answer.
      const auditRefusal = plan.audit
        ? await runApplier(sliceTx, auditAppend, context, plan.audit)
        : undefined;
      if (plan.refusal) reject(plan.refusal);
      else if (plan.earlier) {
        const { status, code, params } = plan.earlier;
        outcome = {
          ...outcome,
          status,
          ...(code ? { code } : {}),
          ...(params ? { params } : {}),
          replayed: true,
        };
      } else if (auditRefusal) reject(auditRefusal);
      else {
        const refusal = await runApplier(sliceTx, plan.applier!, context, plan.args);
        if (refusal) reject(refusal);
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
        duplicate_of: plan.duplicateId ? mutation.mutationId : null,
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
        duplicate_of: plan.duplicateId ? mutation.mutationId : null,
        status: outcome.status,
        code: outcome.code ?? null,
        params: outcome.params ?? null,
      });
      if (plan.earlier) stats.replayed++;
      else if (outcome.status === 'accepted') stats.accepted++;
      else stats.rejected++;
      outcomes.push(outcome);
      lastSeq = mutation.seq;
      if ((i + 1) % writeAhead === 0) sliceTx.flushAhead();
    }
    await sliceTx.flush({
      answers,
      deskId: desk.deskId,
      lastSeq: lastSeq !== startSeq ? lastSeq : null,
      now: now(),
      notify: stats.accepted > 0 ? changesChannel : null,
    });
    await sliceTx.resendRefused({
      siteId: desk.siteId,
      headOffice: desk.siteKind === 'head_office',
    });
    return { outcomes, stats, lastSeq, ...(stopped ? { stopped } : {}) };
  });
}

/** Handles a batch in order; stops at a gap or at a version the server cannot read. */
export async function processPush(
  db: ServerDb,
  desk: DeskPrincipal,
  mutations: PushMutation[],
  now: () => number,
  stats: PushStats,
  options: {
    currentSchemaVersion: number;
    /** Only the careful path, every mutation behind its savepoint (tests compare the two). */
    oneByOne?: boolean;
    /** This instance's turns: the desk's pushes here are applied one at a time, in seq order. */
    turns?: PushTurns;
    /** Mutations whose writes go ahead together (`mutationsPerWriteAhead`; tests use fewer). */
    writeAhead?: number;
  } = { currentSchemaVersion: mutationSchemaVersion },
): Promise<PushResponse> {
  const leave = await options.turns?.take(desk.deskId, mutations[0]?.seq ?? 0);
  try {
    return await applyPush(db, desk, mutations, now, stats, options);
  } finally {
    leave?.();
  }
}

async function applyPush(
  db: ServerDb,
  desk: DeskPrincipal,
  mutations: PushMutation[],
  now: () => number,
  stats: PushStats,
  options: { currentSchemaVersion: number; oneByOne?: boolean; writeAhead?: number },
): Promise<PushResponse> {
  const current = options.currentSchemaVersion;
  const outcomes: MutationOutcome[] = [];
  let stopped: PushResponse['stopped'];
  // The batch is cut before the first mutation this server cannot read.
  const unreadable = mutations.findIndex(
    (m) => m.schemaVersion < current - 1 || m.schemaVersion > current,
  );
  const applicable = unreadable < 0 ? mutations : mutations.slice(0, unreadable);
  let lastSeq: number | undefined;
  for (let i = 0; i < applicable.length && !stopped; i += mutationsPerTransaction) {
    const part = applicable.slice(i, i + mutationsPerTransaction);
    const writeAhead = Math.max(1, options.writeAhead ?? mutationsPerWriteAhead);
    const slice = await applySlice(db, desk, part, now, !!options.oneByOne, writeAhead).catch(
      (error: unknown) => {
        if (!(error instanceof SliceRetry)) throw error;
        return applySlice(db, desk, part, now, true, writeAhead);
      },
    );
    lastSeq = slice.lastSeq;
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
  if (lastSeq === undefined) {
    const [row] = await db.query<{ last_seq: string }>(
      'SELECT last_seq::text FROM desks WHERE id = $1',
      [desk.deskId],
    );
    lastSeq = Number(row!.last_seq);
  }
  return {
    outcomes,
    lastSeq,
    ...(stopped ? { stopped } : {}),
    serverTime: now(),
  };
}
