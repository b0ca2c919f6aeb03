import { customerMethods } from './customers';
import { orderMethods } from './orders';
import { syncMethods } from './sync';

/** Every method the desk offers: name → input schema, output schema, roles allowed. */
export const contract = {
  ...orderMethods,
  ...customerMethods,
  ...syncMethods,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

export * from './errors';
export * from './roles';
export type { MethodSpec } from './define';
