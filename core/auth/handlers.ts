import { eq } from 'drizzle-orm';
import type { authMethods } from '../contract/auth';
import { settings } from '../db/schema';
import type { DomainHandlers } from '../runtime/handler-types';
import type { HandlerContext } from '../runtime/context';
import { getFirstRunState, setUpHeadOffice } from './first-run';
import { idleTimeoutKey, signIn, signOut, whoAmI } from './sign-in';
import {
  changeOwnPassword,
  changeOwnPin,
  createUser,
  deactivateUser,
  listUsers,
  updateUser,
} from './users';

function configureSignIn(ctx: HandlerContext, input: { idleTimeoutMinutes: number }) {
  const before = ctx.db.select().from(settings).where(eq(settings.key, idleTimeoutKey)).get();
  ctx.db.transaction((tx) => {
    tx.insert(settings)
      .values({ key: idleTimeoutKey, value: input.idleTimeoutMinutes })
      .onConflictDoUpdate({ target: settings.key, set: { value: input.idleTimeoutMinutes } })
      .run();
    ctx.audit?.change({
      entity: 'setting',
      entityId: idleTimeoutKey,
      before: before ? { value: before.value } : null,
      after: { value: input.idleTimeoutMinutes },
    });
    ctx.audit?.flush(tx, ctx, { entity: 'setting', entityId: idleTimeoutKey });
  });
  return input;
}

export const authHandlers: DomainHandlers<typeof authMethods> = {
  getFirstRunState,
  setUpHeadOffice,
  signIn,
  signOut,
  whoAmI,
  listUsers: (ctx, input) => listUsers(ctx.db, input.includeInactive),
  createUser,
  updateUser,
  deactivateUser,
  configureSignIn,
  changeOwnPassword,
  changeOwnPin,
};
