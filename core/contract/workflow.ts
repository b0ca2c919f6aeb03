import { z } from 'zod';
import { Id, Money, optionalText } from './common';
import { method } from './define';
import { OrderDetail, OrderStatus } from './orders';
import { counterStaff, everyone, type Role } from './roles';

/** Everyone who moves a device along: the counter and the workshop. */
export const workflowStaff: readonly Role[] = ['receptionist', 'technician', 'manager', 'admin'];

export const ChangeStatusInput = z.object({
  orderId: Id,
  to: OrderStatus,
  /** The status the person saw on screen; if the order moved meanwhile, the change is refused. */
  expectedStatus: OrderStatus,
  reason: optionalText(500),
  /** The workshop the device goes to, when it leaves the desk. */
  workshopSiteId: Id.optional(),
});

export const printableDocuments = [
  'intake_receipt',
  'device_label',
  'warranty_slip',
  'hand_over_receipt',
  'estimate',
] as const;
export const printFormats = ['80mm', 'a4', 'label_62x29', 'label_40x20'] as const;
export const reminderChannels = ['phone', 'sms', 'email', 'letter'] as const;

export const CounterSettings = z.object({
  /** An order ready this many days is listed as uncollected. */
  uncollectedAfterDays: z.int().min(1).max(3650),
  /** Days of free storage after the order is ready, then `storageFeePerDay` (minor units). */
  storageFreeDays: z.int().min(0).max(3650),
  storageFeePerDay: Money,
});
export type CounterSettings = z.infer<typeof CounterSettings>;

export const UncollectedOrder = z.object({
  id: Id,
  number: z.string(),
  customerName: z.string(),
  customerPhone: z.string(),
  deviceBrand: z.string(),
  deviceModel: z.string(),
  readySince: z.int(),
  daysWaiting: z.int(),
  reminders: z.array(z.object({ channel: z.enum(reminderChannels), at: z.int() })),
  storageFee: z.int(),
  currency: z.string(),
});

export const workflowMethods = {
  changeStatus: method({
    summary: 'Move an order to the next status allowed by the workflow table, with a reason.',
    kind: 'mutation',
    input: ChangeStatusInput,
    output: OrderDetail,
    roles: workflowStaff,
  }),
  sendToWorkshop: method({
    summary: 'Dispatch the device from the desk to a workshop (in transit until it arrives).',
    kind: 'mutation',
    input: z.object({
      orderId: Id,
      workshopSiteId: Id,
      expectedStatus: OrderStatus.default('received'),
      reason: optionalText(500),
    }),
    output: OrderDetail,
    roles: workflowStaff,
  }),
  recordPrint: method({
    summary: "Note in the order's history that a document was printed or saved.",
    kind: 'mutation',
    input: z.object({
      orderId: Id,
      document: z.enum(printableDocuments),
      format: z.enum(printFormats),
      language: z.enum(['en', 'it', 'ru']).optional(),
      copies: z.int().min(1).max(20).default(1),
      /**
       * Where it went: to a printer (the desk app), or opened in the browser's viewer, from which
       * the person prints or saves it, or not (browser mode cannot tell). Missing means printer.
       */
      output: z.enum(['printer', 'viewer']).optional(),
    }),
    output: z.object({ eventId: Id }),
    roles: everyone,
  }),
  recordReminder: method({
    summary: 'Note that the customer was reminded to collect a ready device.',
    kind: 'mutation',
    input: z.object({ orderId: Id, channel: z.enum(reminderChannels), note: optionalText(500) }),
    output: z.object({ eventId: Id }),
    roles: counterStaff,
  }),
  listUncollected: method({
    summary:
      'Devices ready for pickup for too long, with the reminders sent and the storage fee due.',
    kind: 'query',
    input: z.object({}).default({}),
    output: z.array(UncollectedOrder),
    roles: counterStaff,
  }),
  getCounterSettings: method({
    summary: "This site's counter settings (uncollected devices, storage fee).",
    kind: 'query',
    input: z.object({}).default({}),
    output: CounterSettings,
    roles: everyone,
  }),
  updateCounterSettings: method({
    summary: "Change this site's counter settings.",
    kind: 'mutation',
    input: CounterSettings.partial(),
    output: CounterSettings,
    roles: ['manager', 'admin'] as readonly Role[],
  }),
};
