import { contract, isMethodName } from '../contract';
import { DomainError, issuesFromZod, type Result } from '../contract/errors';
import { AuditTrail } from '../audit/trail';
import { anonymousUserId, type HandlerContext } from './context';
import { handlers } from './handlers';

/**
 * The boundary every call crosses, whatever carried it (IPC, HTTP, CLI): the method must
 * exist, the actor must hold one of its roles (or the method be public), the input must match
 * its schema. Every mutation gets an audit trail that is written whatever the handler does.
 * Errors come back as values; anything unexpected is logged and reported as `internal`.
 */
export async function dispatch(
  ctx: HandlerContext,
  name: string,
  raw: unknown,
): Promise<Result<unknown>> {
  if (!isMethodName(name))
    return { ok: false, error: { code: 'unknown_method', params: { method: name.slice(0, 80) } } };
  const spec = contract[name];
  if (!spec.public && !spec.roles.some((role) => ctx.actor.roles.includes(role))) {
    const code = ctx.actor.userId === anonymousUserId ? 'unauthenticated' : 'forbidden';
    return { ok: false, error: { code, params: { method: name } } };
  }
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation', issues: issuesFromZod(parsed.error) } };
  }
  const audit = spec.kind === 'mutation' ? new AuditTrail(name) : undefined;
  const callCtx = audit ? { ...ctx, audit } : ctx;
  try {
    const handler = handlers[name] as (ctx: HandlerContext, input: unknown) => unknown;
    const value = await handler(callCtx, parsed.data);
    if (audit && audit.written === 0) writeTrailAfterwards(callCtx, audit);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toAppError() };
    ctx.log.error({ method: name, err: error }, 'handler failed');
    return { ok: false, error: { code: 'internal' } };
  }
}

/** A mutation that wrote no outbox entry (local-only ones such as sign-in) is audited here. */
function writeTrailAfterwards(ctx: HandlerContext, audit: AuditTrail): void {
  ctx.db.transaction(
    (tx) => audit.flush(tx, ctx, { entity: 'desk', entityId: ctx.site.id, after: null }),
    { behavior: 'immediate' },
  );
}
