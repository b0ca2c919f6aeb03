import { z } from 'zod';
import { taxIdIssues } from './tax-ids';

/**
 * What a site's documents print about it (LEGAL-NOTES), as the head office's `update-site`, the
 * desk's "Site and legal details" screen and the `site.update` mutation change it. Pure zod.
 */
export const siteLegalKeys = [
  'legalName',
  'address',
  'vatNumber',
  'taxCode',
  'registrationNumber',
  'phone',
  'email',
] as const;
export type SiteLegalKey = (typeof siteLegalKeys)[number];

/** A site's legal details as its row holds them: a legal name and an address, the rest if known. */
export type SiteLegalValues = { legalName: string; address: string } & Partial<
  Record<Exclude<SiteLegalKey, 'legalName' | 'address'>, string>
>;

/**
 * The same fields as the desk's first-run screen asks (`NewSite.legal`), each optional here.
 * Trimmed; an empty one clears it (not the legal name, which every document prints).
 */
export const siteLegalFields = {
  legalName: z.string().trim().min(1).max(200).optional(),
  address: z.string().trim().max(500).optional(),
  vatNumber: z.string().trim().max(32).optional(),
  taxCode: z.string().trim().max(32).optional(),
  registrationNumber: z.string().trim().max(32).optional(),
  phone: z.string().trim().max(40).optional(),
  email: z.union([z.literal(''), z.email().max(254)]).optional(),
};

/** A site's legal details with `changes` applied: a given field replaces, an empty one clears. */
export function mergeSiteLegal<L extends SiteLegalValues>(
  current: L,
  changes: Partial<Record<SiteLegalKey, string | undefined>>,
): L {
  const legal: Record<string, unknown> = { ...current };
  for (const key of siteLegalKeys) {
    const value = changes[key];
    if (value === undefined) continue;
    // The address stays a string (empty when unknown): documents and the row's schema expect one.
    if (value === '' && key !== 'address') delete legal[key];
    else legal[key] = value;
  }
  return legal as L;
}

/**
 * The tax ids of a site checked by the rules of its country (`taxIdIssues`): in Italy the VAT
 * number is a partita IVA and the tax code a codice fiscale or the company's 11 digits; in Russia
 * both are an ИНН. The registration number (ОГРН, REA) is taken as typed.
 */
export function siteTaxIdIssues(
  country: string,
  legal: { vatNumber?: string | undefined; taxCode?: string | undefined },
): { field: 'vatNumber' | 'taxCode'; code: string }[] {
  return taxIdIssues(country, { taxId: legal.taxCode, vatNumber: legal.vatNumber }).map(
    (issue) => ({ field: issue.field === 'taxId' ? 'taxCode' : 'vatNumber', code: issue.code }),
  );
}
