import { contract, isMethodName } from '../contract';
import { DomainError, issuesFromZod, type Result } from '../contract/errors';
import type { HandlerContext } from './context';
import { handlers } from './handlers';

/**
 * The boundary every call crosses, whatever carried it (IPC, HTTP, CLI): the method must
 * exist, the actor must hold one of its roles, the input must match its schema. Errors come
 * back as values; anything unexpected is logged and reported as `internal`.
 */
export async function dispatch(
  ctx: HandlerContext,
  name: string,
  raw: unknown,
): Promise<Result<unknown>> {
  if (!isMethodName(name))
    return { ok: false, error: { code: 'unknown_method', params: { method: name.slice(0, 80) } } };
  const spec = contract[name];
  if (!spec.roles.some((role) => ctx.actor.roles.includes(role))) {
    return { ok: false, error: { code: 'forbidden', params: { method: name } } };
  }
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation', issues: issuesFromZod(parsed.error) } };
  }
  try {
    const handler = handlers[name] as (ctx: HandlerContext, input: unknown) => unknown;
    const value = await handler(ctx, parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toAppError() };
    ctx.log.error({ method: name, err: error }, 'handler failed');
    return { ok: false, error: { code: 'internal' } };
  }
}
