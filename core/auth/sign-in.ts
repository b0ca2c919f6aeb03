import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { authMethods } from '../contract/auth';
import { DomainError } from '../contract/errors';
import { settings, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { appendAudit } from '../audit/trail';
import { verifySecret } from './passwords';
import { defaultSessionPolicy, type SessionStore, type SessionPolicy } from './sessions';
import { signInEntity, signInFailed, signInLockRemainingMs } from './throttle';
import { userSummary } from './users';
import type { Db } from '../db/open';

type SignInInput = z.output<(typeof authMethods)['signIn']['input']>;

export const idleTimeoutKey = 'auth.idleTimeoutMinutes';

/** The session policy of this desk: the idle timeout an admin set, or 15 minutes. */
export function sessionPolicy(db: Db): SessionPolicy {
  const row = db.select().from(settings).where(eq(settings.key, idleTimeoutKey)).get();
  const minutes = typeof row?.value === 'number' ? row.value : undefined;
  return minutes
    ? { ...defaultSessionPolicy, idleTimeoutMs: minutes * 60_000 }
    : defaultSessionPolicy;
}

export function sessionsOf(ctx: HandlerContext): SessionStore {
  if (!ctx.auth) throw new Error('this host keeps no sessions');
  return ctx.auth.sessions;
}

export function openSessionFor(ctx: HandlerContext, user: typeof users.$inferSelect) {
  const sessions = sessionsOf(ctx);
  const session = sessions.open(user.id);
  const policy = sessionPolicy(ctx.db);
  return {
    token: session.token,
    expiresAt: sessions.expiresAt(session),
    idleTimeoutMinutes: Math.round(policy.idleTimeoutMs / 60_000),
    user: userSummary(user),
  };
}

export async function signIn(ctx: HandlerContext, input: SignInInput) {
  const user =
    input.with === 'pin' && input.userId !== undefined
      ? ctx.db.select().from(users).where(eq(users.id, input.userId)).get()
      : ctx.db.select().from(users).where(eq(users.login, input.login!)).get();
  // Attempts count against the login; one with an unknown person, against what was typed.
  const key =
    user?.login ?? (input.with === 'password' ? input.login : (input.userId ?? input.login!));
  const lockedMs = signInLockRemainingMs(ctx.db, key, ctx.now());
  if (lockedMs > 0) {
    throw new DomainError('too_many_attempts', { retryAfterSeconds: Math.ceil(lockedMs / 1000) });
  }
  const stored = input.with === 'password' ? user?.passwordHash : user?.pinHash;
  const secret = input.with === 'password' ? input.password : input.pin;
  const matches = await verifySecret(stored ?? null, secret);
  if (!user || !user.active || !matches) {
    ctx.db.transaction((tx) =>
      appendAudit(tx, ctx, [
        { action: signInFailed, entity: signInEntity, entityId: key, after: { with: input.with } },
      ]),
    );
    throw new DomainError('invalid_credentials');
  }
  const actor = { userId: user.id, name: user.name, roles: user.roles, siteId: user.siteId };
  const signedIn = { ...ctx, actor };
  ctx.audit?.change({ entity: signInEntity, entityId: key, after: { with: input.with } });
  ctx.db.transaction((tx) =>
    ctx.audit?.flush(tx, signedIn, { entity: signInEntity, entityId: key }),
  );
  return openSessionFor(ctx, user);
}

export function signOut(ctx: HandlerContext) {
  const token = ctx.auth?.token;
  return { signedOut: token ? sessionsOf(ctx).close(token) : false };
}

export function whoAmI(ctx: HandlerContext) {
  const user = ctx.db.select().from(users).where(eq(users.id, ctx.actor.userId)).get();
  if (!user) throw new DomainError('unauthenticated');
  const sessions = ctx.auth?.sessions;
  const session = ctx.auth?.token ? sessions?.resolve(ctx.auth.token) : undefined;
  return {
    user: userSummary(user),
    expiresAt: session && sessions ? sessions.expiresAt(session) : null,
    idleTimeoutMinutes: Math.round(sessionPolicy(ctx.db).idleTimeoutMs / 60_000),
  };
}
