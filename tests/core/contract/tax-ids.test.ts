import { describe, expect, it } from 'vitest';
import {
  isValidItalianTaxCode,
  isValidItalianVatNumber,
  isValidRussianInn,
  taxIdIssues,
} from '../../../core/contract/tax-ids';

describe('tax ids', () => {
  it('checks the partita IVA check digit, with or without IT', () => {
    expect(isValidItalianVatNumber('00743110157')).toBe(true);
    expect(isValidItalianVatNumber('IT 00743110157')).toBe(true);
    expect(isValidItalianVatNumber('00743110158')).toBe(false);
    expect(isValidItalianVatNumber('0074311015')).toBe(false);
  });

  it('checks the codice fiscale pattern and check letter, omocodia included', () => {
    expect(isValidItalianTaxCode('RSSMRA85T10A562S')).toBe(true);
    expect(isValidItalianTaxCode('rssmra85t10a562s')).toBe(true);
    expect(isValidItalianTaxCode('RSSMRA85T10A562T')).toBe(false);
    expect(isValidItalianTaxCode('RSSMRA85Z10A562S')).toBe(false);
    expect(isValidItalianTaxCode('RSSMRA85T10A56')).toBe(false);
  });

  it('checks both check digits of an ИНН', () => {
    expect(isValidRussianInn('7707083893')).toBe(true);
    expect(isValidRussianInn('7707083894')).toBe(false);
    expect(isValidRussianInn('500100732259')).toBe(true);
    expect(isValidRussianInn('500100732258')).toBe(false);
  });

  it('applies the rules of the site country only', () => {
    expect(taxIdIssues('RU', { taxId: '00743110157' })).toEqual([
      { field: 'taxId', code: 'invalid_inn' },
    ]);
    expect(taxIdIssues('IT', { taxId: '00743110157', vatNumber: '00743110157' })).toEqual([]);
    expect(taxIdIssues('DE', { taxId: 'anything' })).toEqual([]);
  });

  it('takes a foreign VAT number as typed, but still checks one that claims the site country', () => {
    expect(taxIdIssues('IT', { vatNumber: 'GB123456789' })).toEqual([]);
    expect(taxIdIssues('IT', { vatNumber: 'DE 811 907 980' })).toEqual([]);
    expect(taxIdIssues('IT', { vatNumber: 'IT00743110158' })).toEqual([
      { field: 'vatNumber', code: 'invalid_vat_number' },
    ]);
    expect(taxIdIssues('RU', { vatNumber: 'IT00743110157' })).toEqual([]);
  });
});
