import type { z } from 'zod';
import { contract, type Contract, type MethodName } from './index';
import type { Result } from './errors';

export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** How a call reaches the handlers: IPC in Electron, HTTP in browser mode, direct in tests. */
export type Transport = (method: MethodName, input: unknown) => Promise<Result<unknown>>;

export type SportelloClient = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
};

/** The typed client, made from the contract: one function per method. */
export function createClient(transport: Transport): SportelloClient {
  const client: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const name of Object.keys(contract) as MethodName[]) {
    client[name] = (input) => transport(name, input);
  }
  return client as SportelloClient;
}

export const methodNames = Object.keys(contract) as MethodName[];
