import { auditHandlers } from '../audit/handlers';
import { authHandlers } from '../auth/handlers';
import type { Contract } from '../contract';
import { customerHandlers } from '../customers/handlers';
import { deskHandlers } from '../sites/handlers';
import { attachmentHandlers } from '../attachments/handlers';
import { documentHandlers } from '../documents/handlers';
import {
  deviceHandlers,
  estimateHandlers,
  handOverHandlers,
  orderHandlers,
  workflowHandlers,
} from '../orders/handlers';
import { privacyHandlers } from '../privacy/handlers';
import { stockHandlers } from '../stock/handlers';
import { syncHandlers } from '../sync/handlers';
import type { DomainHandlers } from './handler-types';

export type Handlers = DomainHandlers<Contract>;

/** The one implementation of every contract method; IPC, HTTP and the CLI all call these. */
export const handlers: Handlers = {
  ...orderHandlers,
  ...customerHandlers,
  ...deskHandlers,
  ...deviceHandlers,
  ...attachmentHandlers,
  ...workflowHandlers,
  ...estimateHandlers,
  ...handOverHandlers,
  ...authHandlers,
  ...auditHandlers,
  ...privacyHandlers,
  ...syncHandlers,
  ...documentHandlers,
  ...stockHandlers,
};
