import { and, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { DomainError } from '../contract/errors';
import { shownRejections, type RejectedChange, type SyncStatus } from '../contract/sync';
import type { Db } from '../db/open';
import { customers, outbox, parts, sites, syncRejections, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { searchRebuildPending } from '../search/deferred-index';
import { orderNumberOf } from './outbox';
import { readEnrolment, readHealth, readResync } from './sync-state';

type Subject = RejectedChange['subject'];

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function skuOf(db: Db, partId: unknown): string | null {
  if (typeof partId !== 'string') return null;
  return db.select({ sku: parts.sku }).from(parts).where(eq(parts.id, partId)).get()?.sku ?? null;
}

function personOf(db: Db, userId: unknown): string | null {
  if (typeof userId !== 'string') return null;
  const user = db
    .select({ name: users.name, login: users.login })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return user ? `${user.name} (${user.login})` : null;
}

function customerOf(db: Db, customerId: unknown): string | null {
  if (typeof customerId !== 'string') return null;
  const name = db
    .select({ name: customers.name })
    .from(customers)
    .where(eq(customers.id, customerId))
    .get()?.name;
  // A partner workshop holds customers without their names ("—"): nothing to show.
  return name && name !== '—' ? name : null;
}

function siteOf(db: Db, siteId: unknown): string | null {
  if (typeof siteId !== 'string') return null;
  const site = db
    .select({ code: sites.code, name: sites.name })
    .from(sites)
    .where(eq(sites.id, siteId))
    .get();
  return site ? `${site.code} · ${site.name}` : null;
}

/** A part, a person or a customer a refused change was about, named as the screens show them. */
function subjectOf(db: Db, name: string, args: Record<string, unknown>): Subject {
  const row = (key: string) => (args[key] ?? {}) as Record<string, unknown>;
  const patch = row('patch');
  let label: string | null = null;
  let kind: NonNullable<Subject>['kind'] | null = null;
  if (name === 'part.create') [kind, label] = ['part', text(row('part').sku)];
  else if (name === 'part.update') [kind, label] = ['part', text(patch.sku) ?? skuOf(db, args.id)];
  else if (name === 'stock.move') [kind, label] = ['stock', skuOf(db, row('movement').partId)];
  else if (name === 'user.create') {
    const user = row('user');
    kind = 'person';
    label =
      text(user.name) && text(user.login)
        ? `${user.name as string} (${user.login as string})`
        : null;
  } else if (name.startsWith('user.')) [kind, label] = ['person', personOf(db, args.id)];
  else if (name === 'customer.update') [kind, label] = ['customer', customerOf(db, args.id)];
  else if (name === 'customer.erase') [kind, label] = ['customer', customerOf(db, args.customerId)];
  else if (name === 'site.update') [kind, label] = ['site', siteOf(db, args.id)];
  if (!kind || !label) return null;
  // A site is opened by its id: the head office's refused correction may be of another site.
  return kind === 'site' && typeof args.id === 'string'
    ? { kind, label, id: args.id }
    : { kind, label };
}

export function readSyncStatus(db: Db): SyncStatus {
  const credentials = readEnrolment(db);
  const health = readHealth(db);
  // The changes people made: each also queues its `audit.append`, which is not one more change.
  const waiting = db
    .select({ n: count() })
    .from(outbox)
    .where(ne(outbox.name, 'audit.append'))
    .get()!.n;
  const unhandled = db
    .select({ n: count() })
    .from(syncRejections)
    .where(isNull(syncRejections.handledAt))
    .get()!.n;
  const rejected = db
    .select({ row: syncRejections, handledBy: users.name })
    .from(syncRejections)
    .leftJoin(users, eq(users.id, syncRejections.handledBy))
    // Those still to deal with first, then newest first; a desk enrolled again keeps its
    // earlier refusals under seqs below zero.
    .orderBy(
      sql`${syncRejections.handledAt} IS NULL DESC`,
      desc(syncRejections.rejectedAt),
      desc(syncRejections.seq),
    )
    .limit(shownRejections)
    .all()
    .map(({ row, handledBy }) => ({
      mutationId: row.mutationId,
      name: row.name,
      code: row.code,
      params: row.params ?? null,
      clientAt: row.clientAt,
      rejectedAt: row.rejectedAt,
      orderNumber: row.orderNumber ?? orderNumberOf(db, row.args),
      subject: subjectOf(db, row.name, row.args),
      handledAt: row.handledAt ?? null,
      handledBy: row.handledAt === null ? null : (handledBy ?? row.handledBy),
    }));
  return {
    enrolled: credentials !== null,
    serverUrl: credentials?.serverUrl ?? null,
    deskId: credentials?.deskId ?? null,
    online: health.online,
    lastAttemptAt: health.lastAttemptAt,
    lastSuccessAt: health.lastSuccessAt,
    lastError: health.lastError,
    waiting,
    updateRequired: health.updateRequired,
    remaining: health.remaining,
    redownloading: readResync(db) !== null,
    searchNarrowed: searchRebuildPending(db),
    clockOffsetMs: health.clockOffsetMs,
    unhandled,
    rejected,
  };
}

/**
 * Someone at the desk acted on a refusal's reason (called the head office, redid the step): the
 * refusal stays listed, with who and when, and no longer counts in the top bar. Local to this
 * desk, like the list; audited. Marking one already marked changes nothing and answers when it was.
 */
export function markRejectionHandled(ctx: HandlerContext, input: { mutationId: string }) {
  const { handledAt } = markHandled(ctx, [input.mutationId]);
  return { handledAt: handledAt.get(input.mutationId)! };
}

/**
 * The same for the refusals a person has in front of them, at once (a desk restored from an old
 * backup can have dozens, each refused for the same reason). One transaction: an unknown id
 * refuses the whole call and marks nothing. Those already marked keep their time and person.
 */
export function markRejectionsHandled(ctx: HandlerContext, input: { mutationIds: string[] }) {
  const { marked } = markHandled(ctx, [...new Set(input.mutationIds)]);
  return { marked };
}

function markHandled(ctx: HandlerContext, mutationIds: string[]) {
  return ctx.db.transaction(
    (tx) => {
      const rows = tx
        .select({ mutationId: syncRejections.mutationId, handledAt: syncRejections.handledAt })
        .from(syncRejections)
        .where(inArray(syncRejections.mutationId, mutationIds))
        .all();
      if (rows.length !== mutationIds.length) throw new DomainError('not_found');
      const handledAt = new Map(rows.map((row) => [row.mutationId, row.handledAt]));
      const now = ctx.now();
      const toMark = mutationIds.filter((id) => handledAt.get(id) === null);
      if (toMark.length > 0) {
        tx.update(syncRejections)
          .set({ handledAt: now, handledBy: ctx.actor.userId })
          .where(and(inArray(syncRejections.mutationId, toMark), isNull(syncRejections.handledAt)))
          .run();
        const changes = toMark.map((id) => ({
          entity: 'sync_rejection',
          entityId: id,
          before: { handledAt: null },
          after: { handledAt: now },
        }));
        for (const change of changes) {
          handledAt.set(change.entityId, now);
          ctx.audit?.change(change);
        }
        ctx.audit?.flush(tx, ctx, changes[0]!);
      }
      return { handledAt: handledAt as Map<string, number>, marked: toMark.length };
    },
    { behavior: 'immediate' },
  );
}
