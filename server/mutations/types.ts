import type { z } from 'zod';
import type { PushMutation, RejectionCode } from '../../core/contract/replication';
import type { DeskPrincipal } from '../auth';
import type { Sql } from '../db/connection';
import type { RecordKey } from '../slice-tx';

export interface ApplyContext {
  tx: Sql;
  desk: DeskPrincipal;
  mutation: PushMutation;
  now: number;
}

/** Thrown by an applier to refuse a mutation; the desk shows the code and params to a person. */
export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'Rejection';
  }
}

/** How the server applies one kind of mutation: its args schema and its domain rules. */
export interface MutationApplier<S extends z.ZodType = z.ZodType> {
  args: S;
  /**
   * The records `apply` will read, so a push slice fetches them for all its mutations in one
   * query. Only a speed-up: a row not listed is read when asked for.
   */
  reads?(args: z.output<S>): RecordKey[];
  apply(ctx: ApplyContext, args: z.output<S>): Promise<void>;
}

export function defineApplier<S extends z.ZodType>(applier: MutationApplier<S>): MutationApplier {
  return applier as unknown as MutationApplier;
}

/** The sites that hold an order: the desk that took it in and whoever has the device now. */
export function orderSites(order: {
  intakeSiteId: string;
  custodySiteId: string;
  status?: string;
  workshopSiteId?: string | null | undefined;
}): string[] {
  const sites = [order.intakeSiteId, order.custodySiteId];
  // A workshop sees an order on its way to it, so it can record the device's arrival.
  if (order.status === 'in_transit_to_workshop' && order.workshopSiteId)
    sites.push(order.workshopSiteId);
  return [...new Set(sites)].sort();
}

export function canSee(desk: DeskPrincipal, sites: readonly string[] | null): boolean {
  return desk.siteKind === 'head_office' || sites === null || sites.includes(desk.siteId);
}
