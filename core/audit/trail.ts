import { v7 as uuidv7 } from 'uuid';
import { auditLog } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { enqueueMutation, type Tx } from '../sync/outbox';

export type AuditValues = Record<string, unknown> | null;

/** One changed thing: which entity, and its values before and after the change. */
export interface AuditChange {
  entity: string;
  entityId: string;
  before?: AuditValues;
  after?: AuditValues;
  /** Defaults to the contract method being called. */
  action?: string;
}

/** Never kept in the trail, whatever a handler passes: the trail is read by managers. */
const secretKeys = new Set([
  'password',
  'passwordHash',
  'pin',
  'pinHash',
  'unlockSecret',
  'unlockCode',
]);

export function scrubSecrets(values: AuditValues | undefined): AuditValues {
  if (!values) return null;
  return JSON.parse(
    JSON.stringify(values, (key, value: unknown) =>
      secretKeys.has(key) ? (value == null ? value : '[secret]') : value,
    ),
  ) as Record<string, unknown>;
}

/**
 * Dispatch opens one trail per mutation call. Handlers describe what they changed with
 * `change()`; the rows are written inside the handler's own transaction when it records its
 * outbox entry (`recordMutation`), or by dispatch right after the handler if it never did.
 */
/** What writing a mutation needs to know of the call: when, who, where. */
export type MutationContext = Pick<HandlerContext, 'now' | 'actor' | 'site'> & {
  audit?: AuditTrail | undefined;
};

export class AuditTrail {
  private pending: AuditChange[] = [];
  private writtenRows = 0;
  private described = false;

  constructor(readonly method: string) {}

  change(change: AuditChange): void {
    this.described = true;
    this.pending.push(change);
  }

  get written(): number {
    return this.writtenRows;
  }

  /**
   * Writes what the handler described; a handler that describes nothing gets `fallback` (the
   * mutation and its arguments) for each write, so no change goes unrecorded.
   */
  flush(tx: Tx, ctx: MutationContext, fallback: AuditChange): void {
    const rows = this.write(tx, ctx, fallback);
    if (rows.length) enqueueMutation(tx, ctx, 'audit.append', { rows });
  }

  /**
   * Writes what the handler described, like `flush`, and returns the rows instead of queueing
   * them: the caller sends them with the change they describe (`recordMutation`).
   */
  write(tx: Tx, ctx: MutationContext, fallback: AuditChange): AuditRowValues[] {
    const changes = this.described ? this.pending : [fallback];
    this.pending = [];
    if (changes.length === 0) return [];
    this.writtenRows += changes.length;
    return writeAuditRows(
      tx,
      ctx,
      changes.map((c) => ({ ...c, action: c.action ?? this.method })),
    );
  }
}

export type AuditRowValues = ReturnType<typeof writeAuditRows>[number];

/** Appends rows to the audit log and queues them for the head office, in the caller's transaction. */
export function appendAudit(
  tx: Tx,
  ctx: MutationContext,
  changes: (AuditChange & { action: string })[],
): void {
  enqueueMutation(tx, ctx, 'audit.append', { rows: writeAuditRows(tx, ctx, changes) });
}

/** Writes rows to the local audit log; sending them to the head office is the caller's part. */
function writeAuditRows(
  tx: Tx,
  ctx: MutationContext,
  changes: (AuditChange & { action: string })[],
) {
  const at = ctx.now();
  const rows = changes.map((c) => ({
    id: uuidv7(),
    originSiteId: ctx.site.id,
    createdAt: at,
    userId: ctx.actor.userId,
    // Where it happened: this desk's site (the person's home site may be another).
    siteId: ctx.site.id,
    action: c.action,
    entity: c.entity,
    entityId: c.entityId,
    before: scrubSecrets(c.before),
    after: scrubSecrets(c.after),
  }));
  tx.insert(auditLog).values(rows).run();
  return rows;
}
