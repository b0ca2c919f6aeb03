import { UserCreateArgs, UserUpdateArgs } from '../../core/contract/mutations';
import { readRecord, writeRecord } from '../records';
import { defineApplier, Rejection, type ApplyContext } from './types';

/** A desk manages the people of its own site; the head office anyone's. */
function checkSite(ctx: ApplyContext, siteId: unknown): void {
  if (ctx.desk.siteKind !== 'head_office' && siteId !== ctx.desk.siteId)
    throw new Rejection('out_of_scope', { table: 'users', field: 'siteId' });
}

/** `user.create`: users are reference data (sites null) that every desk receives. */
export const userCreate = defineApplier({
  args: UserCreateArgs,
  async apply(ctx, { user }) {
    checkSite(ctx, user.siteId);
    if (user.originSiteId !== ctx.desk.siteId)
      throw new Rejection('out_of_scope', { field: 'originSiteId' });
    if (await readRecord(ctx.tx, 'users', user.id))
      throw new Rejection('conflict', { table: 'users', id: user.id });
    const taken = await ctx.tx.query(
      `SELECT 1 FROM records WHERE tbl = 'users' AND lower(data->>'login') = lower($1)`,
      [user.login],
    );
    if (taken.length) throw new Rejection('conflict', { table: 'users', field: 'login' });
    await writeRecord(ctx.tx, { tbl: 'users', id: user.id, data: user, sites: null, now: ctx.now });
  },
});

/** `user.update` / `user.deactivate`: a person changes their own password anywhere. */
export const userUpdate = defineApplier({
  args: UserUpdateArgs,
  async apply(ctx, { id, patch }) {
    const found = await readRecord(ctx.tx, 'users', id, { lock: true });
    if (!found) throw new Rejection('unknown_reference', { table: 'users', id });
    const ownPassword =
      ctx.mutation.userId === id &&
      Object.keys(patch).every((k) => k === 'passwordHash' || k === 'updatedAt');
    if (!ownPassword) checkSite(ctx, found.data.siteId);
    if (patch.siteId !== undefined) checkSite(ctx, patch.siteId);
    await writeRecord(ctx.tx, { tbl: 'users', id, data: patch, sites: null, now: ctx.now });
  },
});
