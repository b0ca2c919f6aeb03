import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { DomainError } from '../contract/errors';
import type { syncMethods } from '../contract/sync';
import { isSetUp } from '../auth/first-run';
import { sites } from '../db/schema';
import { anonymousUserId, type Actor, type HandlerContext } from '../runtime/context';
import { EnrolmentRefused, enrolDesk, previewEnrolment } from './enrol';
import { CredentialsLocked, readEnrolment } from './sync-state';
import { ServerRefused } from './transport';

type EnrolInput = z.output<(typeof syncMethods)['enrolDesk']['input']>;
type PreviewInput = z.output<(typeof syncMethods)['previewEnrolment']['input']>;
type ReenrolInput = z.output<(typeof syncMethods)['reenrolDesk']['input']>;

/**
 * The first-run screen's enrolment: the same `enrolDesk` as the CLI, open to anyone at the desk
 * only while it is not set up (like `setUpHeadOffice`), so a desk in use cannot be pointed at
 * another server by whoever stands at it. Every way it fails becomes a code the screen can say
 * in the person's language, with what to do; nothing is changed on the desk when it fails.
 * Afterwards the desk acts as the enrolled site and the host starts its sync loop.
 */
export async function enrolDeskFromApp(ctx: HandlerContext, input: EnrolInput) {
  if (isSetUp(ctx)) throw new DomainError('already_set_up');
  return enrolFromApp(ctx, input.serverUrl, input.code);
}

/**
 * A desk set up on its own at first run (the head office) joins the server, from its sync badge:
 * an admin, signed in, gives the address and the code. Not for an enrolled desk (that one enrols
 * again with `reenrolDesk`, on the server it knows); its people and set-up move to the site as
 * the CLI's enrolment moves them (`adoptEnrolment`).
 */
export async function joinHeadOfficeFromApp(ctx: HandlerContext, input: EnrolInput) {
  if (readEnrolment(ctx.db)) throw new DomainError('already_enrolled');
  return enrolFromApp(ctx, input.serverUrl, input.code, ctx.actor);
}

/**
 * Which site the code is for, the code left unspent: the first-run screen, the Join form and the
 * enrol-again form ask it before `enrolDesk`, `joinHeadOffice` or `reenrolDesk`, and show it to
 * confirm. Open to the same people as those: with an address, anyone while the desk is not set
 * up, then an admin of a desk not yet enrolled; without one (enrolling again, on the head office
 * the desk knows, so no address can be slipped in), anyone signed in at an enrolled desk, who is
 * also told which site the desk is now. Fails as they fail (a refused code, a server out of
 * reach, a desk that cannot enrol or, enrolled, cannot become another site).
 */
export async function previewEnrolmentFromApp(ctx: HandlerContext, input: PreviewInput) {
  const enrolment = readEnrolment(ctx.db);
  let serverUrl = input.serverUrl;
  if (serverUrl === undefined) {
    if (ctx.actor.userId === anonymousUserId) throw new DomainError('unauthenticated');
    if (!enrolment) throw new DomainError('not_enrolled');
    serverUrl = enrolment.serverUrl;
  } else if (isSetUp(ctx)) {
    if (!ctx.actor.roles.includes('admin'))
      throw new DomainError(ctx.actor.userId === anonymousUserId ? 'unauthenticated' : 'forbidden');
    if (enrolment) throw new DomainError('already_enrolled');
  }
  try {
    const { site } = await previewEnrolment(ctx, serverUrl, input.code);
    const current =
      input.serverUrl === undefined ? { code: ctx.site.code, name: ctx.site.name } : null;
    return { site, current };
  } catch (error) {
    throw asDomainError(error);
  }
}

/**
 * An enrolled desk whose access was revoked (or whose credentials were replaced) enrols again with
 * a new code, on the head office it already talks to: the address is not asked, so no one at the
 * desk can point it elsewhere. As its own site it keeps what it has waiting (`adoptEnrolment`);
 * a code of another site is refused while the desk holds orders or changes.
 */
export async function reenrolDeskFromApp(ctx: HandlerContext, input: ReenrolInput) {
  const current = readEnrolment(ctx.db);
  if (!current) throw new DomainError('not_enrolled');
  return enrolFromApp(ctx, current.serverUrl, input.code, ctx.actor);
}

/** `by`: the person who enrolled the desk; at first run no one is signed in (the counter user). */
async function enrolFromApp(ctx: HandlerContext, serverUrl: string, code: string, by?: Actor) {
  let enrolment;
  try {
    enrolment = await enrolDesk(ctx, serverUrl, code);
  } catch (error) {
    throw asDomainError(error);
  }
  ctx.auth?.identityChanged?.();
  // Audited in the site the desk now is, as the person who did it or, at first run, as the
  // enrolled site's counter user (the desk's actor from now on): the first change it sends.
  const { user, deskId } = enrolment;
  const seriesCode = enrolment.seriesCode ?? enrolment.site.code;
  const site = ctx.db.select().from(sites).where(eq(sites.id, enrolment.site.id)).get()!;
  const actor = by ?? {
    userId: user.id,
    name: user.name,
    roles: user.roles,
    siteId: user.siteId,
  };
  ctx.db.transaction(
    (tx) =>
      ctx.audit?.flush(
        tx,
        {
          now: ctx.now,
          site,
          actor,
        },
        {
          entity: 'desk',
          entityId: deskId,
          after: { serverUrl, siteCode: site.code, seriesCode },
        },
      ),
    { behavior: 'immediate' },
  );
  ctx.enrolled?.();
  return { site: { code: site.code, name: site.name, kind: site.kind }, deskId, seriesCode };
}

function asDomainError(error: unknown): unknown {
  if (error instanceof CredentialsLocked) return new DomainError('credentials_locked');
  if (error instanceof EnrolmentRefused) return new DomainError(error.code, error.params);
  if (error instanceof ServerRefused) {
    // 401 is the server's answer to a code that is wrong, used or past its expiry.
    if (error.status === 401) return new DomainError('enrolment_code_rejected');
    return new DomainError('server_refused', { status: error.status });
  }
  // The network failed, timed out, or something that is not our server answered.
  if (error instanceof Error && unreachable.has(error.name))
    return new DomainError('server_unreachable', { reason: error.message.slice(0, 200) });
  return error;
}

/**
 * fetch's network failure, its timeout, an answer that is not an enrolment, and the head office's
 * proxy answering for it.
 */
const unreachable = new Set([
  'TypeError',
  'TimeoutError',
  'AbortError',
  'SyntaxError',
  'ZodError',
  'HeadOfficeUnreachable',
]);
