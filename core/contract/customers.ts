import { z } from 'zod';
import { Id, optionalText, requiredText, SearchTerm } from './common';
import { method } from './define';
import { looksLikePhone } from './phone';
import { counterStaff } from './roles';

export const customerKinds = ['person', 'company'] as const;

export const NewCustomer = z.object({
  kind: z.enum(customerKinds).default('person'),
  name: requiredText(200),
  phone: requiredText(40).refine(looksLikePhone, { params: { code: 'invalid_phone' } }),
  email: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.email().optional()),
  taxId: optionalText(32),
  vatNumber: optionalText(32),
  address: optionalText(500),
  /** The privacy notice and terms the customer accepted, by the version id of the text shown. */
  consent: z
    .object({ privacyVersion: requiredText(40), termsVersion: requiredText(40) })
    .optional(),
});

export const CustomerSummary = z.object({
  id: Id,
  kind: z.enum(customerKinds),
  name: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  taxId: z.string().nullable(),
  orderCount: z.int(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const duplicateReasons = ['same_phone', 'same_email', 'similar_name_phone_suffix'] as const;

export const LikelyDuplicate = CustomerSummary.extend({
  reasons: z.array(z.enum(duplicateReasons)),
});

export const CustomerDetail = CustomerSummary.extend({
  vatNumber: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  privacyConsentVersion: z.string().nullable(),
  privacyConsentAt: z.int().nullable(),
  termsVersion: z.string().nullable(),
  devices: z.array(
    z.object({
      id: Id,
      category: z.string(),
      brand: z.string(),
      model: z.string(),
      serial: z.string().nullable(),
      imei: z.string().nullable(),
      orders: z.array(
        z.object({
          id: Id,
          number: z.string(),
          status: z.string(),
          createdAt: z.int(),
          complaint: z.string(),
          closedAt: z.int().nullable(),
        }),
      ),
    }),
  ),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const UpdateCustomerInput = z.object({
  id: Id,
  kind: z.enum(customerKinds).optional(),
  name: requiredText(200).optional(),
  phone: requiredText(40)
    .refine(looksLikePhone, { params: { code: 'invalid_phone' } })
    .optional(),
  email: z.union([z.literal(''), z.email().max(254)]).optional(),
  taxId: z.string().trim().max(32).optional(),
  vatNumber: z.string().trim().max(32).optional(),
  address: z.string().trim().max(500).optional(),
  notes: z.string().trim().max(2000).optional(),
  consent: z
    .object({ privacyVersion: requiredText(40), termsVersion: requiredText(40) })
    .optional(),
});

export const customerMethods = {
  searchCustomers: method({
    summary: 'Find customers by any fragment of name, phone, e-mail or tax id.',
    kind: 'query',
    input: z.object({ term: SearchTerm, limit: z.int().min(1).max(50).default(10) }),
    output: z.array(CustomerSummary),
    roles: counterStaff,
  }),
  findLikelyDuplicates: method({
    summary:
      'Customers who are probably the one about to be created: same phone, same e-mail, or a similar name with the same last phone digits.',
    kind: 'query',
    input: z.object({
      name: z.string().trim().max(200).default(''),
      phone: z.string().trim().max(40).default(''),
      email: z.string().trim().max(254).default(''),
    }),
    output: z.array(LikelyDuplicate),
    roles: counterStaff,
  }),
  getCustomer: method({
    summary: 'One customer with their devices and each device’s earlier orders.',
    kind: 'query',
    input: z.object({ id: Id }),
    output: CustomerDetail,
    roles: counterStaff,
  }),
  updateCustomer: method({
    summary: 'Change a customer’s details; empty text clears an optional field.',
    kind: 'mutation',
    input: UpdateCustomerInput,
    output: CustomerDetail,
    roles: counterStaff,
  }),
};
