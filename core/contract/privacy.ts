import { z } from 'zod';
import { Id } from './common';
import { method } from './define';
import type { Role } from './roles';

const managersAndAdmins: readonly Role[] = ['manager', 'admin'];

export const CustomerDataExport = z.object({
  exportedAt: z.int(),
  customer: z.record(z.string(), z.unknown()),
  devices: z.array(z.record(z.string(), z.unknown())),
  orders: z.array(z.record(z.string(), z.unknown())),
  events: z.array(z.record(z.string(), z.unknown())),
  attachments: z.array(z.record(z.string(), z.unknown())),
  invoices: z.array(z.record(z.string(), z.unknown())),
  payments: z.array(z.record(z.string(), z.unknown())),
});

export const privacyMethods = {
  exportCustomerData: method({
    summary: "Everything held about a customer, as JSON (the customer's right of access).",
    kind: 'query',
    input: z.object({ customerId: Id }),
    output: CustomerDataExport,
    roles: managersAndAdmins,
  }),
  eraseCustomer: method({
    summary:
      'Erase a customer on request: personal data removed or pseudonymised here and on every replica; invoices keep what the law requires.',
    kind: 'mutation',
    input: z.object({ customerId: Id, confirmName: z.string().trim().max(200) }),
    output: z.object({ customerId: Id, pseudonym: z.string(), photosDeleted: z.int() }),
    roles: ['admin'],
  }),
};
