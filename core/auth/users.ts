import { and, eq, isNotNull, ne, or } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { authMethods, UserSummary } from '../contract/auth';
import { DomainError, fieldError } from '../contract/errors';
import type { Db } from '../db/open';
import { sites, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation, type Tx } from '../sync/outbox';
import { hashSecret, verifySecret } from './passwords';
import { signInEntity, signInFailed, signInLockRemainingMs } from './throttle';
import { appendAudit } from '../audit/trail';

type UserRow = typeof users.$inferSelect;
type Input<M extends keyof typeof authMethods> = z.output<(typeof authMethods)[M]['input']>;

/** The settings key naming the desk's own system user, who is never listed nor signs in. */
export const systemUserKey = 'desk.defaultUserId';

/**
 * Accounts with neither a password nor a PIN are the network's system actors: this desk's own,
 * the one the server makes with each site ("Banco RM01") and other desks' set-up users, which
 * replicate as reference data. Nobody can sign in as them, so they are not people to list or
 * count as the admin who can fix things.
 */
const canSignIn = or(isNotNull(users.passwordHash), isNotNull(users.pinHash));

export function userSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    name: row.name,
    login: row.login,
    roles: row.roles,
    siteId: row.siteId,
    active: row.active,
    hasPin: row.pinHash !== null,
  };
}

export function listUsers(db: Db, includeInactive: boolean): UserSummary[] {
  return db
    .select()
    .from(users)
    .where(and(canSignIn, includeInactive ? undefined : eq(users.active, true)))
    .orderBy(users.name)
    .all()
    .map(userSummary);
}

function requireSite(tx: Tx, siteId: string): void {
  if (!tx.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId)).get())
    throw fieldError('siteId', 'unknown_site');
}

function requireFreeLogin(tx: Tx, login: string, path = 'login'): void {
  if (tx.select({ id: users.id }).from(users).where(eq(users.login, login)).get())
    throw fieldError(path, 'login_taken');
}

export async function createUser(ctx: HandlerContext, input: Input<'createUser'>) {
  const passwordHash = await hashSecret(input.password);
  const pinHash = input.pin ? await hashSecret(input.pin) : null;
  return ctx.db.transaction(
    (tx) => {
      const siteId = input.siteId ?? ctx.site.id;
      requireSite(tx, siteId);
      requireFreeLogin(tx, input.login);
      const now = ctx.now();
      const row: UserRow = {
        id: uuidv7(),
        originSiteId: ctx.site.id,
        createdAt: now,
        updatedAt: now,
        siteId,
        name: input.name,
        login: input.login,
        roles: [...new Set(input.roles)],
        passwordHash,
        pinHash,
        active: true,
      };
      tx.insert(users).values(row).run();
      ctx.audit?.change({ entity: 'user', entityId: row.id, after: userSummary(row) });
      recordMutation(tx, ctx, 'user.create', { user: row });
      return userSummary(row);
    },
    { behavior: 'immediate' },
  );
}

/** A person to change; system accounts are not people and cannot be given a password. */
function loadUser(tx: Tx, id: string): UserRow {
  const row = tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), canSignIn))
    .get();
  if (!row) throw new DomainError('not_found', { entity: 'user' });
  return row;
}

/** Refuses a change that would leave the network with no active admin to fix things. */
function keepAnAdmin(tx: Tx, before: UserRow, after: UserRow): void {
  const wasAdmin = before.active && before.roles.includes('admin');
  const staysAdmin = after.active && after.roles.includes('admin');
  if (!wasAdmin || staysAdmin) return;
  const others = tx
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(and(eq(users.active, true), ne(users.id, before.id), canSignIn))
    .all()
    .filter((u) => u.roles.includes('admin'));
  if (others.length === 0) throw new DomainError('conflict', { reason: 'last_admin' });
}

function applyUserChange(
  ctx: HandlerContext,
  id: string,
  patch: Partial<UserRow>,
  name: 'user.update' | 'user.deactivate',
): UserSummary {
  return ctx.db.transaction(
    (tx) => {
      const before = loadUser(tx, id);
      if (patch.siteId) requireSite(tx, patch.siteId);
      const after: UserRow = { ...before, ...patch, updatedAt: ctx.now() };
      keepAnAdmin(tx, before, after);
      tx.update(users)
        .set({ ...patch, updatedAt: after.updatedAt })
        .where(eq(users.id, id))
        .run();
      ctx.audit?.change({
        entity: 'user',
        entityId: id,
        before: userSummary(before),
        after: {
          ...userSummary(after),
          ...(patch.passwordHash ? { passwordChanged: true } : {}),
          ...('pinHash' in patch ? { pinChanged: true } : {}),
        },
      });
      recordMutation(tx, ctx, name, { id, patch: { ...patch, updatedAt: after.updatedAt } });
      return userSummary(after);
    },
    { behavior: 'immediate' },
  );
}

export async function updateUser(ctx: HandlerContext, input: Input<'updateUser'>) {
  const patch: Partial<UserRow> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.roles !== undefined) patch.roles = [...new Set(input.roles)];
  if (input.siteId !== undefined) patch.siteId = input.siteId;
  if (input.password !== undefined) patch.passwordHash = await hashSecret(input.password);
  if (input.pin !== undefined)
    patch.pinHash = input.pin === null ? null : await hashSecret(input.pin);
  return applyUserChange(ctx, input.id, patch, 'user.update');
}

export function deactivateUser(ctx: HandlerContext, input: Input<'deactivateUser'>) {
  const summary = applyUserChange(ctx, input.id, { active: false }, 'user.deactivate');
  ctx.auth?.sessions.closeAllFor(input.id);
  return summary;
}

/** The signed-in person, once they proved their current password; a wrong one counts towards the lock. */
async function proveOwnPassword(ctx: HandlerContext, current: string) {
  const me = ctx.db.select().from(users).where(eq(users.id, ctx.actor.userId)).get();
  // The same lock as sign-in: a borrowed session cannot be used to guess the password.
  const lockedMs = signInLockRemainingMs(ctx.db, me?.login ?? ctx.actor.userId, ctx.now());
  if (lockedMs > 0)
    throw new DomainError('too_many_attempts', { retryAfterSeconds: Math.ceil(lockedMs / 1000) });
  if (!me || !(await verifySecret(me.passwordHash, current))) {
    ctx.db.transaction((tx) =>
      appendAudit(tx, ctx, [
        { action: signInFailed, entity: signInEntity, entityId: me?.login ?? ctx.actor.userId },
      ]),
    );
    throw fieldError('current', 'wrong_password');
  }
  return me;
}

export async function changeOwnPassword(ctx: HandlerContext, input: Input<'changeOwnPassword'>) {
  const me = await proveOwnPassword(ctx, input.current);
  applyUserChange(ctx, me.id, { passwordHash: await hashSecret(input.next) }, 'user.update');
  return { changed: true };
}

/** A PIN opens the counter in a few keystrokes, so setting one asks for the password. */
export async function changeOwnPin(ctx: HandlerContext, input: Input<'changeOwnPin'>) {
  const me = await proveOwnPassword(ctx, input.current);
  const pinHash = input.pin === null ? null : await hashSecret(input.pin);
  applyUserChange(ctx, me.id, { pinHash }, 'user.update');
  return { hasPin: pinHash !== null };
}
