import { and, count, eq, isNotNull } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { authMethods } from '../contract/auth';
import { roles } from '../contract/roles';
import { DomainError, fieldError } from '../contract/errors';
import { repairOrders, settings, sites, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation } from '../sync/outbox';
import { deskSeriesCode } from '../orders/numbering';
import { readEnrolment, readHealth } from '../sync/sync-state';
import { hashSecret } from './passwords';
import { openSessionFor } from './sign-in';
import { systemUserKey, userSummary } from './users';

type SetUpInput = z.output<(typeof authMethods)['setUpHeadOffice']['input']>;

/** Set once by first-run setup (or by enrolment): from then on setup is closed. */
export const setUpKey = 'desk.setUpAt';
const siteKey = 'desk.siteId';

export function isSetUp(ctx: HandlerContext): boolean {
  return !!ctx.db.select().from(settings).where(eq(settings.key, setUpKey)).get();
}

export function getFirstRunState(ctx: HandlerContext) {
  const pinUsers = ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.siteId, ctx.site.id), eq(users.active, true), isNotNull(users.pinHash)))
    .orderBy(users.name)
    .all();
  const people = ctx.db
    .select({ n: count() })
    .from(users)
    .where(
      and(eq(users.siteId, ctx.site.id), eq(users.active, true), isNotNull(users.passwordHash)),
    )
    .get()!.n;
  const health = readEnrolment(ctx.db) ? readHealth(ctx.db) : null;
  return {
    setUp: isSetUp(ctx),
    site: {
      code: ctx.site.code,
      name: ctx.site.name,
      kind: ctx.site.kind,
      seriesCode: deskSeriesCode(ctx.db, ctx.site),
    },
    pinUsers,
    people,
    firstSync: health && {
      done: health.lastSuccessAt !== null && health.remaining === 0,
      remaining: health.remaining,
      error: health.lastError,
    },
  };
}

/**
 * First run of the head office: its site and first admin replace the embedded defaults. On an
 * empty desk the embedded site and counter user are removed; if orders were already taken on
 * them, the site is renamed in place (its orders keep their numbers) and the counter user is
 * deactivated. A system user with every role becomes the desk's default actor for the CLI.
 */
export async function setUpHeadOffice(ctx: HandlerContext, input: SetUpInput) {
  if (isSetUp(ctx)) throw new DomainError('already_set_up');
  const passwordHash = await hashSecret(input.admin.password);
  const pinHash = input.admin.pin ? await hashSecret(input.admin.pin) : null;
  const admin = ctx.db.transaction(
    (tx) => {
      if (tx.select().from(settings).where(eq(settings.key, setUpKey)).get())
        throw new DomainError('already_set_up');
      const now = ctx.now();
      const embeddedSiteId = ctx.site.id;
      const embeddedUserId = tx.select().from(settings).where(eq(settings.key, systemUserKey)).get()
        ?.value as string | undefined;
      const orders = tx.select({ n: count() }).from(repairOrders).get()!.n;
      const keepSite = orders > 0;
      const siteId = keepSite ? embeddedSiteId : uuidv7();

      const loginOwner = tx.select().from(users).where(eq(users.login, input.admin.login)).get();
      if (loginOwner && (keepSite || loginOwner.id !== embeddedUserId))
        throw fieldError('admin.login', 'login_taken');
      const codeOwner = tx.select().from(sites).where(eq(sites.code, input.site.code)).get();
      if (codeOwner && codeOwner.id !== embeddedSiteId)
        throw fieldError('site.code', 'site_code_taken');

      const site = {
        ...input.site,
        id: siteId,
        kind: 'head_office' as const,
        originSiteId: siteId,
        createdAt: keepSite ? ctx.site.createdAt : now,
        updatedAt: now,
      };
      if (embeddedUserId) {
        if (keepSite)
          tx.update(users)
            .set({ active: false, updatedAt: now })
            .where(eq(users.id, embeddedUserId))
            .run();
        else tx.delete(users).where(eq(users.id, embeddedUserId)).run();
      }
      if (keepSite) tx.update(sites).set(site).where(eq(sites.id, siteId)).run();
      else {
        tx.delete(sites).where(eq(sites.id, embeddedSiteId)).run();
        tx.insert(sites).values(site).run();
      }
      const origin = { originSiteId: siteId, createdAt: now, updatedAt: now, siteId, active: true };
      const adminRow = {
        ...origin,
        id: uuidv7(),
        name: input.admin.name,
        login: input.admin.login,
        roles: ['admin' as const, 'manager' as const],
        passwordHash,
        pinHash,
      };
      const systemRow = {
        ...origin,
        id: uuidv7(),
        name: 'Sportello (local system)',
        login: `system.${input.site.code.toLowerCase()}`,
        roles: [...roles],
        passwordHash: null,
        pinHash: null,
      };
      tx.insert(users).values([adminRow, systemRow]).run();
      for (const [key, value] of [
        [siteKey, siteId],
        [systemUserKey, systemRow.id],
        [setUpKey, now],
      ] as const) {
        tx.insert(settings)
          .values({ key, value })
          .onConflictDoUpdate({ target: settings.key, set: { value } })
          .run();
      }
      const asAdmin = {
        ...ctx,
        site: { ...ctx.site, ...site, slaPolicyId: null, active: true },
        actor: { userId: adminRow.id, name: adminRow.name, roles: adminRow.roles, siteId },
      };
      ctx.audit?.change({ entity: 'site', entityId: siteId, after: site });
      ctx.audit?.change({ entity: 'user', entityId: adminRow.id, after: userSummary(adminRow) });
      recordMutation(tx, asAdmin, 'site.setUpHeadOffice', { site, users: [adminRow, systemRow] });
      return adminRow;
    },
    { behavior: 'immediate' },
  );
  ctx.auth?.identityChanged?.();
  return openSessionFor(ctx, admin);
}
