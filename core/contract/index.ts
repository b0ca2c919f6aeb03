import { auditMethods } from './audit';
import { authMethods } from './auth';
import { customerMethods } from './customers';
import { deskMethods } from './desk';
import { orderMethods } from './orders';
import { attachmentMethods } from './attachments';
import { deviceMethods } from './devices';
import { documentMethods } from './documents';
import { estimateMethods } from './estimates';
import { handOverMethods } from './handover';
import { workflowMethods } from './workflow';
import { privacyMethods } from './privacy';
import { stockMethods } from './stock';
import { syncMethods } from './sync';

/** Every method the desk offers: name → input schema, output schema, roles allowed. */
export const contract = {
  ...orderMethods,
  ...customerMethods,
  ...deskMethods,
  ...deviceMethods,
  ...attachmentMethods,
  ...workflowMethods,
  ...estimateMethods,
  ...handOverMethods,
  ...authMethods,
  ...auditMethods,
  ...privacyMethods,
  ...syncMethods,
  ...documentMethods,
  ...stockMethods,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

export * from './errors';
export * from './roles';
export type { MethodSpec } from './define';
