import type { LineInput, lineKinds } from '../../../../core/contract/lines';
import type { FieldIssue } from '../../../../core/contract/errors';
import { minorToDecimalString, parseMoney } from '../../money/parse-money';

export type LineKind = (typeof lineKinds)[number];

/** One priced line as typed: quantity and price as decimal strings. */
export interface LineDraft {
  kind: LineKind;
  description: string;
  quantity: string;
  unitPrice: string;
  vatRateBp: number;
  warrantyMonths: string;
  underWarrantyClaim: boolean;
  /** The catalogue part a `part` line was picked from; absent for a line typed freely. */
  partId?: string;
}

export const emptyLine = (vatRateBp: number): LineDraft => ({
  kind: 'labour',
  description: '',
  quantity: '1',
  unitPrice: '',
  vatRateBp,
  warrantyMonths: '3',
  underWarrantyClaim: false,
});

export function lineDraftFrom(line: LineInput, fractionDigits: number): LineDraft {
  return {
    kind: line.kind,
    description: line.description,
    quantity: minorToDecimalString(line.quantityMilli, 3).replace(/\.?0+$/, ''),
    unitPrice: minorToDecimalString(line.unitPrice, fractionDigits),
    vatRateBp: line.vatRateBp,
    warrantyMonths: String(line.warrantyMonths ?? 0),
    underWarrantyClaim: false,
    ...(line.partId ? { partId: line.partId } : {}),
  };
}

export type ParsedLine = LineInput & { underWarrantyClaim: boolean };

/** The contract's lines, or the issues of the ones not typed right (paths `lines.N.field`). */
export function parseLines(
  drafts: readonly LineDraft[],
  fractionDigits: number,
): { lines: ParsedLine[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const lines = drafts.map((draft, i): ParsedLine => {
    const quantityMilli = parseMoney(draft.quantity, 3);
    const unitPrice = parseMoney(draft.unitPrice, fractionDigits);
    const warrantyMonths = /^\d{1,3}$/.test(draft.warrantyMonths.trim())
      ? Number(draft.warrantyMonths.trim())
      : null;
    if (!draft.description.trim())
      issues.push({ path: `lines.${i}.description`, code: 'required' });
    if (quantityMilli === null || quantityMilli === 0)
      issues.push({ path: `lines.${i}.quantityMilli`, code: 'invalid_quantity' });
    if (unitPrice === null) issues.push({ path: `lines.${i}.unitPrice`, code: 'invalid_amount' });
    if (warrantyMonths === null)
      issues.push({ path: `lines.${i}.warrantyMonths`, code: 'invalid_months' });
    return {
      kind: draft.kind,
      ...(draft.kind === 'part' && draft.partId ? { partId: draft.partId } : {}),
      description: draft.description.trim(),
      quantityMilli: quantityMilli ?? 0,
      unitPrice: unitPrice ?? 0,
      vatRateBp: draft.vatRateBp,
      warrantyMonths: warrantyMonths ?? 0,
      underWarrantyClaim: draft.underWarrantyClaim,
    };
  });
  return { lines, issues };
}
