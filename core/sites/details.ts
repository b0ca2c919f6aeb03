import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { deskMethods, SiteDetails } from '../contract/desk';
import { DomainError } from '../contract/errors';
import {
  mergeSiteLegal,
  siteLegalKeys,
  siteTaxIdIssues,
  type SiteLegalKey,
} from '../contract/site-legal';
import type { Db } from '../db/open';
import { sites } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import { recordMutation, type Tx } from '../sync/outbox';

type Input<M extends keyof typeof deskMethods> = z.output<(typeof deskMethods)[M]['input']>;
type SiteRow = typeof sites.$inferSelect;

/** The head office's desk reaches every site; any other desk its own only. */
function siteInScope(ctx: HandlerContext, siteId: string | undefined): string {
  const id = siteId ?? ctx.site.id;
  if (id !== ctx.site.id && ctx.site.kind !== 'head_office') throw new DomainError('own_site_only');
  return id;
}

function loadSite(db: Db | Tx, id: string): SiteRow {
  const row = db.select().from(sites).where(eq(sites.id, id)).get();
  if (!row) throw new DomainError('not_found', { entity: 'site' });
  return row;
}

function detailsOf(ctx: HandlerContext, row: SiteRow): SiteDetails {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    country: row.country,
    currency: row.currency,
    timezone: row.timezone,
    locale: row.locale,
    legal: { ...row.legal },
    updatedAt: row.updatedAt,
    editable: ctx.actor.roles.includes('admin'),
  };
}

export function getSiteDetails(ctx: HandlerContext, input: Input<'getSiteDetails'>): SiteDetails {
  return detailsOf(ctx, loadSite(ctx.db, siteInScope(ctx, input.siteId)));
}

/** The legal details typed that differ from the row's: only those travel and are audited. */
function changedLegal(row: SiteRow, typed: Partial<Record<SiteLegalKey, string>>) {
  const changes: Partial<Record<SiteLegalKey, string>> = {};
  for (const key of siteLegalKeys) {
    const value = typed[key];
    if (value !== undefined && value !== (row.legal[key] ?? '')) changes[key] = value;
  }
  return changes;
}

/**
 * Corrects a site's name and legal details: written here at once (the next receipt prints them)
 * and queued as `site.update` with the changed fields only. Saving what is already there changes
 * nothing and queues nothing. Tax ids are checked by the site's country, those changed only.
 */
export function updateSiteDetails(
  ctx: HandlerContext,
  input: Input<'updateSiteDetails'>,
): SiteDetails {
  const { siteId, name, ...typed } = input;
  const id = siteInScope(ctx, siteId);
  return ctx.db.transaction(
    (tx) => {
      const before = loadSite(tx, id);
      const legal = changedLegal(before, typed);
      const rename = name !== undefined && name !== before.name ? { name } : {};
      if (!rename.name && Object.keys(legal).length === 0) return detailsOf(ctx, before);
      const issues = siteTaxIdIssues(before.country, legal).map((issue) => ({
        path: issue.field,
        code: issue.code,
      }));
      if (issues.length) throw new DomainError('validation', undefined, issues);
      const after: SiteRow = {
        ...before,
        ...rename,
        legal: mergeSiteLegal(before.legal, legal),
        // Later than the row held, so every call after this one reads the new details.
        updatedAt: Math.max(ctx.now(), before.updatedAt + 1),
      };
      tx.update(sites)
        .set({ ...rename, legal: after.legal, updatedAt: after.updatedAt })
        .where(eq(sites.id, id))
        .run();
      ctx.audit?.change({
        entity: 'site',
        entityId: id,
        before: { name: before.name, legal: before.legal },
        after: { name: after.name, legal: after.legal },
      });
      const patch = {
        ...rename,
        ...(Object.keys(legal).length ? { legal } : {}),
        updatedAt: after.updatedAt,
      };
      recordMutation(tx, ctx, 'site.update', { id, patch });
      return detailsOf(ctx, after);
    },
    { behavior: 'immediate' },
  );
}
