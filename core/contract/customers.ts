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

export const customerMethods = {
  searchCustomers: method({
    summary: 'Find customers by any fragment of name, phone, e-mail or tax id.',
    kind: 'query',
    input: z.object({ term: SearchTerm, limit: z.int().min(1).max(50).default(10) }),
    output: z.array(CustomerSummary),
    roles: counterStaff,
  }),
};
