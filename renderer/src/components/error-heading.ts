import type { ErrorCode } from '../../../core/contract/errors';

/**
 * What kind of answer an error is, for the heading above its message: something to correct in
 * what was typed (`check`), a rule of the work that does not allow it now (`refused`), or a
 * failure the person did not cause (`failed`: "Something went wrong"). Every code of the contract
 * is placed here, so a new one is too.
 */
export type ErrorHeading = 'check' | 'refused' | 'failed';

const headings = {
  validation: 'check',
  not_found: 'refused',
  forbidden: 'refused',
  unauthenticated: 'refused',
  illegal_transition: 'refused',
  conflict: 'refused',
  unknown_method: 'failed',
  payload_too_large: 'failed',
  internal: 'failed',
  order_closed: 'refused',
  wrong_status: 'refused',
  transition_needs_method: 'refused',
  workshop_required: 'check',
  not_custodian: 'refused',
  estimate_already_answered: 'refused',
  payments_mismatch: 'check',
  amount_out_of_range: 'check',
  warranty_expired: 'refused',
  warranty_claim_mismatch: 'check',
  unsupported_attachment: 'check',
  attachment_too_large: 'check',
  customer_erased: 'refused',
  head_office_only: 'refused',
  own_site_only: 'refused',
  secret_unavailable: 'failed',
  invalid_credentials: 'check',
  too_many_attempts: 'refused',
  already_set_up: 'refused',
  server_unreachable: 'failed',
  enrolment_code_rejected: 'check',
  server_refused: 'failed',
  credentials_locked: 'failed',
  desk_has_orders: 'refused',
  desk_has_pending_changes: 'refused',
  desk_enrolling: 'refused',
  not_enrolled: 'refused',
  already_enrolled: 'refused',
  print_failed: 'failed',
  print_cancelled: 'failed',
} as const satisfies Record<ErrorCode, ErrorHeading>;

/** The heading's key in `errors` (`heading.<kind>`); an unknown code is a failure. */
export function errorHeadingKey(code: string): `heading.${ErrorHeading}` {
  const kind = (headings as Record<string, ErrorHeading>)[code] ?? 'failed';
  return `heading.${kind}`;
}
