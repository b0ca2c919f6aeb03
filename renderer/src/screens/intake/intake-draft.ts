import type { customerKinds } from '../../../../core/contract/customers';
import { CreateIntakeInput, type deviceCategories } from '../../../../core/contract/orders';
import { issuesFromZod, type FieldIssue } from '../../../../core/contract/errors';

export type CustomerKind = (typeof customerKinds)[number];
export type DeviceCategory = (typeof deviceCategories)[number];

export interface PickedCustomer {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  orderCount: number;
}

/** What the receptionist has typed so far; kept as strings exactly as typed. */
export interface IntakeDraft {
  picked: PickedCustomer | null;
  customer: { kind: CustomerKind; name: string; phone: string; email: string };
  device: { category: DeviceCategory; brand: string; model: string; serial: string; imei: string };
  complaint: string;
}

export const emptyDraft: IntakeDraft = {
  picked: null,
  customer: { kind: 'person', name: '', phone: '', email: '' },
  device: { category: 'phone', brand: '', model: '', serial: '', imei: '' },
  complaint: '',
};

const draftKey = 'sportello.intakeDraft';

export function loadDraft(): IntakeDraft | null {
  try {
    const raw = localStorage.getItem(draftKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<IntakeDraft>;
    return {
      picked: parsed.picked ?? null,
      customer: { ...emptyDraft.customer, ...parsed.customer },
      device: { ...emptyDraft.device, ...parsed.device },
      complaint: parsed.complaint ?? '',
    };
  } catch {
    return null;
  }
}

export function saveDraft(draft: IntakeDraft): void {
  localStorage.setItem(draftKey, JSON.stringify(draft));
}

export function clearDraft(): void {
  localStorage.removeItem(draftKey);
}

export function isDraftEmpty(draft: IntakeDraft): boolean {
  return JSON.stringify(draft) === JSON.stringify(emptyDraft);
}

/** The contract's input for this draft. */
export function intakeInputFrom(draft: IntakeDraft): CreateIntakeInput {
  return {
    customer: draft.picked
      ? { mode: 'existing', id: draft.picked.id }
      : { mode: 'new', ...draft.customer },
    device: { mode: 'new', ...draft.device },
    complaint: draft.complaint,
  };
}

/** Checks the draft with the very schema the handler uses; the issues carry contract paths. */
export function validateDraft(draft: IntakeDraft): FieldIssue[] {
  const parsed = CreateIntakeInput.safeParse(intakeInputFrom(draft));
  return parsed.success ? [] : issuesFromZod(parsed.error);
}
