import type { customerKinds } from '../../../../core/contract/customers';
import {
  CreateIntakeInput,
  type deviceCategories,
  type unlockKinds,
  type warrantyBases,
} from '../../../../core/contract/orders';
import { issuesFromZod, type FieldIssue } from '../../../../core/contract/errors';
import { currentLegalVersion } from '../../../../core/contract/legal-versions';
import { parseMoney } from '../../money/parse-money';

export type CustomerKind = (typeof customerKinds)[number];
export type DeviceCategory = (typeof deviceCategories)[number];
export type WarrantyBasis = (typeof warrantyBases)[number];
export type UnlockKind = (typeof unlockKinds)[number];

export interface PickedCustomer {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  orderCount: number;
}

/** A device already in our records, picked from the customer's devices or by serial/IMEI. */
export interface PickedDevice {
  id: string;
  label: string;
}

/** Devices that carry an IMEI; the others have a serial number only. */
export const devicesWithImei: readonly DeviceCategory[] = ['phone', 'tablet'];

export const moneyFields = ['preauthorisedAmount', 'diagnosisFee', 'deposit', 'itemValue'] as const;
export type MoneyField = (typeof moneyFields)[number];

/** What the receptionist has typed so far; kept as strings exactly as typed. */
export interface IntakeDraft {
  picked: PickedCustomer | null;
  customer: {
    kind: CustomerKind;
    name: string;
    phone: string;
    email: string;
    taxId: string;
    vatNumber: string;
    address: string;
    consent: boolean;
  };
  pickedDevice: PickedDevice | null;
  device: { category: DeviceCategory; brand: string; model: string; serial: string; imei: string };
  complaint: string;
  condition: string[];
  conditionNotes: string;
  accessories: string[];
  accessoriesNotes: string;
  warrantyBasis: WarrantyBasis;
  proofPurchasedOn: string;
  proofDocument: string;
  warrantyClaim: { slipId: string; lineId: string } | null;
  money: Record<MoneyField, string>;
  promisedOn: string;
  unlockKind: UnlockKind | '';
  unlockValue: string;
}

export const emptyDraft: IntakeDraft = {
  picked: null,
  customer: {
    kind: 'person',
    name: '',
    phone: '',
    email: '',
    taxId: '',
    vatNumber: '',
    address: '',
    consent: false,
  },
  pickedDevice: null,
  device: { category: 'phone', brand: '', model: '', serial: '', imei: '' },
  complaint: '',
  condition: [],
  conditionNotes: '',
  accessories: [],
  accessoriesNotes: '',
  warrantyBasis: 'paid',
  proofPurchasedOn: '',
  proofDocument: '',
  warrantyClaim: null,
  money: { preauthorisedAmount: '', diagnosisFee: '', deposit: '', itemValue: '' },
  promisedOn: '',
  unlockKind: '',
  unlockValue: '',
};

const draftKey = 'sportello.intakeDraft';

export function loadDraft(): IntakeDraft | null {
  try {
    const raw = localStorage.getItem(draftKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<IntakeDraft>;
    return {
      ...emptyDraft,
      ...parsed,
      customer: { ...emptyDraft.customer, ...parsed.customer },
      device: { ...emptyDraft.device, ...parsed.device },
      money: { ...emptyDraft.money, ...parsed.money },
      // The unlock code is never written to local storage.
      unlockValue: '',
    };
  } catch {
    return null;
  }
}

export function saveDraft(draft: IntakeDraft): void {
  localStorage.setItem(draftKey, JSON.stringify({ ...draft, unlockValue: '' }));
}

export function clearDraft(): void {
  localStorage.removeItem(draftKey);
}

export function isDraftEmpty(draft: IntakeDraft): boolean {
  return JSON.stringify(draft) === JSON.stringify(emptyDraft);
}

type MoneyAmounts = Partial<Record<MoneyField, number>>;

/** The typed amounts in minor units, and an issue for each one that is not an amount. */
function moneyAmounts(draft: IntakeDraft, fractionDigits: number) {
  const amounts: MoneyAmounts = {};
  const issues: FieldIssue[] = [];
  for (const field of moneyFields) {
    const typed = draft.money[field].trim();
    if (typed === '') continue;
    const minor = parseMoney(typed, fractionDigits);
    if (minor === null) issues.push({ path: field, code: 'invalid_amount' });
    else amounts[field] = minor;
  }
  return { amounts, issues };
}

function newCustomerInput(draft: IntakeDraft) {
  const { consent, ...customer } = draft.customer;
  return {
    mode: 'new' as const,
    ...customer,
    ...(consent
      ? { consent: { privacyVersion: currentLegalVersion, termsVersion: currentLegalVersion } }
      : {}),
  };
}

/** The contract's input for this draft; amounts converted from the typed decimal strings. */
export function intakeInputFrom(draft: IntakeDraft, fractionDigits: number): CreateIntakeInput {
  const { amounts } = moneyAmounts(draft, fractionDigits);
  return {
    customer: draft.picked ? { mode: 'existing', id: draft.picked.id } : newCustomerInput(draft),
    device: draft.pickedDevice
      ? { mode: 'existing', id: draft.pickedDevice.id }
      : {
          mode: 'new',
          ...draft.device,
          imei: devicesWithImei.includes(draft.device.category) ? draft.device.imei : '',
        },
    complaint: draft.complaint,
    condition: draft.condition,
    conditionNotes: draft.conditionNotes,
    accessories: draft.accessories,
    accessoriesNotes: draft.accessoriesNotes,
    warrantyBasis: draft.warrantyBasis,
    ...amounts,
    ...(draft.promisedOn ? { promisedOn: draft.promisedOn } : {}),
    ...(draft.unlockKind && draft.unlockValue
      ? { unlock: { kind: draft.unlockKind, value: draft.unlockValue } }
      : {}),
    ...(draft.warrantyBasis === 'manufacturer' && (draft.proofPurchasedOn || draft.proofDocument)
      ? { proofOfPurchase: { purchasedOn: draft.proofPurchasedOn, document: draft.proofDocument } }
      : {}),
    ...(draft.warrantyClaim ? { warrantyClaim: draft.warrantyClaim } : {}),
  };
}

/** Checks the draft with the very schema the handler uses; the issues carry contract paths. */
export function validateDraft(draft: IntakeDraft, fractionDigits: number): FieldIssue[] {
  const { issues } = moneyAmounts(draft, fractionDigits);
  const parsed = CreateIntakeInput.safeParse(intakeInputFrom(draft, fractionDigits));
  return [...issues, ...(parsed.success ? [] : issuesFromZod(parsed.error))];
}
