import { accessoryChecklists, conditionChecklists } from '../contract/condition-checklists';
import { DomainError, type FieldIssue } from '../contract/errors';
import type { deviceCategories } from '../contract/orders';
import { normaliseTaxId, taxIdIssues } from '../contract/tax-ids';

type Category = (typeof deviceCategories)[number];

/** Ticked condition and accessory items must come from the device category's checklists. */
export function checklistIssues(
  category: Category,
  condition: readonly string[],
  accessories: readonly string[],
): FieldIssue[] {
  const unknown = (
    items: readonly string[],
    allowed: readonly string[],
    field: string,
    code: string,
  ) =>
    items.flatMap((item, i) =>
      allowed.includes(item) ? [] : [{ path: `${field}.${i}`, code, params: { item } }],
    );
  return [
    ...unknown(condition, conditionChecklists[category], 'condition', 'unknown_condition_item'),
    ...unknown(accessories, accessoryChecklists[category], 'accessories', 'unknown_accessory_item'),
  ];
}

type TaxIds = { taxId?: string | undefined; vatNumber?: string | undefined };

export function taxIdFieldIssues(
  country: string,
  fields: TaxIds,
  pathPrefix: string,
): FieldIssue[] {
  return taxIdIssues(country, fields).map((issue) => ({
    path: `${pathPrefix}${issue.field}`,
    code: issue.code,
  }));
}

/** Tax ids checked by the site country's rules and stored in their normal form. */
export function checkedTaxIds<T extends TaxIds>(country: string, fields: T, pathPrefix: string): T {
  throwIfAny(taxIdFieldIssues(country, fields, pathPrefix));
  return {
    ...fields,
    ...(fields.taxId ? { taxId: normaliseTaxId(fields.taxId) } : {}),
    ...(fields.vatNumber ? { vatNumber: normaliseTaxId(fields.vatNumber) } : {}),
  };
}

export function throwIfAny(issues: FieldIssue[]): void {
  if (issues.length) throw new DomainError('validation', undefined, issues);
}
