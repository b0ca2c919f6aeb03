import { auditAppend } from './audit-append';
import { customerErase } from './customer-erase';
import { customerUpdate } from './customer-update';
import { orderApproval } from './order-approval';
import { orderEstimate } from './order-estimate';
import { orderAttachment, orderEvent } from './order-event';
import { orderHandover } from './order-handover';
import { orderIntake } from './order-intake';
import { orderStatus } from './order-status';
import { orderTransition } from './order-transition';
import type { MutationApplier } from './types';
import { siteUpdate } from './site-update';
import { partCreate, partUpdate, stockMove } from './stock';
import { userCreate, userUpdate } from './user-change';

/** Every mutation the server understands, by name: adding one is a module and a line here. */
export const mutationAppliers: Record<string, MutationApplier> = {
  'order.intake': orderIntake,
  'order.status': orderStatus,
  'order.transition': orderTransition,
  'order.estimate': orderEstimate,
  'order.approval': orderApproval,
  'order.handover': orderHandover,
  'order.event': orderEvent,
  'order.attachment': orderAttachment,
  'customer.update': customerUpdate,
  'customer.erase': customerErase,
  'audit.append': auditAppend,
  'user.create': userCreate,
  'user.update': userUpdate,
  'user.deactivate': userUpdate,
  'part.create': partCreate,
  'part.update': partUpdate,
  'stock.move': stockMove,
  'site.update': siteUpdate,
};
