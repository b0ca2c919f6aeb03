import type { SiteKind } from '../../../../core/contract/replication';
import type { Role } from '../../../../core/contract/roles';
import { stockMethods } from '../../../../core/contract/stock';

/** What can be done with a part from its row. */
export type PartAction = 'receive' | 'adjust' | 'history' | 'edit';

/** What a person may do on the parts screen at this desk. */
export interface StockPermissions {
  /** Book a delivery. */
  receive: boolean;
  /** Count and correct stock, with a reason. */
  adjust: boolean;
  /** Add and edit catalogue parts: a manager at the head office, which keeps the catalogue. */
  editCatalogue: boolean;
}

const allowed = (roles: readonly Role[], method: keyof typeof stockMethods) =>
  stockMethods[method].roles.some((role) => roles.includes(role));

/**
 * The screen offers what the desk would accept: the contract's roles for each method, and the
 * catalogue only at the head office (a branch's `savePart` is refused with `head_office_only`).
 */
export function stockPermissions(roles: readonly Role[], siteKind: SiteKind): StockPermissions {
  return {
    receive: allowed(roles, 'receiveStock'),
    adjust: allowed(roles, 'adjustStock'),
    editCatalogue: siteKind === 'head_office' && allowed(roles, 'savePart'),
  };
}

/** The row's buttons, in this order, for what the person may do; history is for everyone. */
export function partActions(may: StockPermissions): PartAction[] {
  const offered: [PartAction, boolean][] = [
    ['receive', may.receive],
    ['adjust', may.adjust],
    ['history', true],
    ['edit', may.editCatalogue],
  ];
  return offered.filter(([, allowed]) => allowed).map(([action]) => action);
}
