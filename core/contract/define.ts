import type { z } from 'zod';
import type { Role } from './roles';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** What the method does, for `cli methods` and the docs. */
  summary: string;
  /** A mutation writes data (and its outbox entry); a query only reads. */
  kind: 'query' | 'mutation';
  input: I;
  output: O;
  roles: readonly Role[];
  /** Callable without a session (first-run state, setup, sign-in); `roles` is then ignored. */
  public?: boolean;
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  spec: MethodSpec<I, O>,
): MethodSpec<I, O> {
  return spec;
}
