import { SiteUpdateArgs } from '../../core/contract/mutations';
import type { SiteRow } from '../../core/contract/replication';
import {
  mergeSiteLegal,
  siteTaxIdIssues,
  type SiteLegalValues,
} from '../../core/contract/site-legal';
import { readRecord, writeRecord } from '../records';
import { defineApplier, Rejection } from './types';

/**
 * `site.update`: a site's name and legal details, from the head office's desk (any site) or from
 * the site's own desks. Sites are reference data (sites null) every desk receives. Each legal
 * detail is merged on its own, so two desks correcting different ones both keep theirs.
 */
export const siteUpdate = defineApplier({
  args: SiteUpdateArgs,
  reads: ({ id }) => [{ tbl: 'sites', id, lock: true }],
  async apply(ctx, { id, patch }) {
    // Read first: a refused change is answered with the row as the head office has it.
    const found = await readRecord(ctx.tx, 'sites', id, { lock: true });
    if (ctx.desk.siteKind !== 'head_office' && id !== ctx.desk.siteId)
      throw new Rejection('out_of_scope', { table: 'sites', reason: 'own_site_only' });
    if (!found) throw new Rejection('unknown_reference', { table: 'sites', id });
    const current = found.data as SiteRow;
    const legal = patch.legal
      ? mergeSiteLegal(current.legal as SiteLegalValues, patch.legal)
      : undefined;
    if (legal) {
      const issue = siteTaxIdIssues(current.country, legal).find(
        ({ field }) => patch.legal![field] !== undefined,
      );
      if (issue)
        throw new Rejection('validation', {
          field: `patch.legal.${issue.field}`,
          issue: issue.code,
        });
    }
    await writeRecord(ctx.tx, {
      tbl: 'sites',
      id,
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(legal ? { legal } : {}),
        // Never the value the desk already holds, so its per-call check prints the merged row.
        updatedAt: Math.max(ctx.now, current.updatedAt + 1, patch.updatedAt + 1),
      },
      sites: found.sites,
      now: ctx.now,
    });
  },
});
