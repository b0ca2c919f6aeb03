import { z } from 'zod';
import { contract } from '../../contract';
import type { CliCommand } from '../command';

/** A schema as JSON Schema; zod parts JSON Schema cannot express become `{}` rather than fail. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  } catch (error) {
    return { description: `not expressible as JSON Schema: ${String(error)}` };
  }
}

/** The whole contract: what each method does, who may call it, what goes in and comes out. */
export function contractAsJson() {
  return Object.fromEntries(
    Object.entries(contract).map(([name, spec]) => [
      name,
      {
        summary: spec.summary,
        kind: spec.kind,
        roles: spec.roles,
        // Inputs as a caller writes them (defaults optional, before transforms).
        input: jsonSchema(spec.input, 'input'),
        output: jsonSchema(spec.output, 'output'),
      },
    ]),
  );
}

export const methodsCommand: CliCommand = {
  name: 'methods',
  summary: (t) => t('commands.methods.summary'),
  usage: (t) => t('commands.methods.usage'),
  run(_args, env) {
    env.io.out(JSON.stringify(contractAsJson(), null, 2));
    return Promise.resolve(0);
  },
};
