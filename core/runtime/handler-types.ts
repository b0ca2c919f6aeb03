import type { z } from 'zod';
import type { MethodSpec } from '../contract/define';
import type { HandlerContext } from './context';

type AnySpec = MethodSpec<z.ZodType, z.ZodType>;

export type HandlerFor<S extends AnySpec> = (
  ctx: HandlerContext,
  input: z.output<S['input']>,
) => z.output<S['output']> | Promise<z.output<S['output']>>;

/** The handlers of one domain's slice of the contract. */
export type DomainHandlers<Methods extends Record<string, AnySpec>> = {
  [M in keyof Methods]: HandlerFor<Methods[M]>;
};
