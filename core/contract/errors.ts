import type { z } from 'zod';

/** Every error a contract method can return. The renderer translates `errors.<code>`. */
export const errorCodes = [
  'validation',
  'not_found',
  'forbidden',
  'unauthenticated',
  'illegal_transition',
  'conflict',
  'unknown_method',
  'payload_too_large',
  'internal',
  // The counter: workflow, money, warranty and attachments.
  'order_closed',
  'wrong_status',
  'transition_needs_method',
  'workshop_required',
  /** A step that moves the device, asked at a desk whose site does not hold it. */
  'not_custodian',
  'estimate_already_answered',
  'payments_mismatch',
  'amount_out_of_range',
  'warranty_expired',
  'warranty_claim_mismatch',
  'unsupported_attachment',
  'attachment_too_large',
  'customer_erased',
  'head_office_only',
  'own_site_only',
  'secret_unavailable',
  'invalid_credentials',
  'too_many_attempts',
  'already_set_up',
  // Enrolling a desk with the head office from the first-run screen.
  'server_unreachable',
  'enrolment_code_rejected',
  'server_refused',
  'credentials_locked',
  'desk_has_orders',
  'desk_has_pending_changes',
  /** A change asked for in the moment an enrolled desk becomes another site. */
  'desk_enrolling',
  'not_enrolled',
  'already_enrolled',
  // Printing through the desk app (Electron).
  'print_failed',
  'print_cancelled',
] as const;

export type ErrorCode = (typeof errorCodes)[number];
export type ErrorParams = Record<string, string | number>;

/** A problem with one input field; `code` is translated as `fields.<code>` with `params`. */
export interface FieldIssue {
  path: string;
  code: string;
  params?: ErrorParams;
}

export interface AppError {
  code: ErrorCode;
  params?: ErrorParams;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Thrown inside handlers; turned into a `Result` at the boundary. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params?: ErrorParams,
    readonly issues?: FieldIssue[],
  ) {
    super(code);
    this.name = 'DomainError';
  }
  toAppError(): AppError {
    return {
      code: this.code,
      ...(this.params ? { params: this.params } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}

export function fieldError(path: string, code: string, params?: ErrorParams): DomainError {
  return new DomainError('validation', undefined, [{ path, code, ...(params ? { params } : {}) }]);
}

/** Maps zod's issues onto our translated field codes. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue): FieldIssue => {
    const path = issue.path.map(String).join('.');
    switch (issue.code) {
      case 'too_small':
        if (issue.origin === 'string' && Number(issue.minimum) === 1)
          return { path, code: 'required' };
        return {
          path,
          code: `too_small_${issue.origin}`,
          params: { minimum: Number(issue.minimum) },
        };
      case 'too_big':
        return {
          path,
          code: `too_big_${issue.origin}`,
          params: { maximum: Number(issue.maximum) },
        };
      case 'invalid_type':
        return issue.input === undefined
          ? { path, code: 'required' }
          : { path, code: 'invalid_type' };
      case 'invalid_format':
        return { path, code: `invalid_${issue.format}` };
      case 'invalid_value':
        return { path, code: 'invalid_option' };
      case 'custom': {
        const code = typeof issue.params?.code === 'string' ? issue.params.code : 'invalid';
        return { path, code };
      }
      default:
        return { path, code: 'invalid' };
    }
  });
}
