import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLegalTexts } from '../../../core/documents/legal-texts';
import { documentResources } from '../../../core/documents/resources';
import { tempDir } from '../../support/desk';

const shipped = documentResources();

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** A resources folder of our own, with legal texts written for the test. */
function resourcesWith(files: Record<string, unknown>) {
  const root = tempDir('sportello-legal-');
  folders.push(root);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, 'legal', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return documentResources(root);
}

const wording = (label: string) => ({
  storageTerms: `${label} storage`,
  dataLossDisclaimer: `${label} data`,
  warrantyExclusions: [`${label} liquid`],
  statutoryRights: `${label} rights`,
  claimProcedure: `${label} claim`,
  privacyNotice: `${label} privacy`,
});

describe('legal texts', () => {
  it('ships Italian, Russian and generic texts in en, it and ru', () => {
    for (const country of ['IT', 'RU', 'DE']) {
      for (const lang of ['en', 'it', 'ru'] as const) {
        const texts = loadLegalTexts(shipped, { country, lang });
        expect(texts.version).toMatch(/^(IT|RU|GEN)-\d{4}\.\d+$/);
        expect(texts.warrantyExclusions).toHaveLength(3);
      }
    }
    expect(loadLegalTexts(shipped, { country: 'RU', lang: 'ru' }).repairDatesNotice).toContain(
      'п. 3 ст. 20',
    );
    expect(
      loadLegalTexts(shipped, { country: 'IT', lang: 'it' }).repairDatesNotice,
    ).toBeUndefined();
  });

  it('gives a country without its own texts the generic ones', () => {
    expect(loadLegalTexts(shipped, { country: 'DE', lang: 'en' }).version).toBe('GEN-2026.1');
  });

  it('picks the version in force on the date, and an exact version when one was printed', () => {
    const resources = resourcesWith({
      'it/2026.1.json': {
        version: 'IT-2026.1',
        country: 'IT',
        effectiveFrom: '2026-01-01',
        defaultLanguage: 'it',
        texts: { it: wording('old') },
      },
      'it/2027.1.json': {
        version: 'IT-2027.1',
        country: 'IT',
        effectiveFrom: '2027-03-01',
        defaultLanguage: 'it',
        texts: { it: wording('new'), en: wording('new-en') },
      },
      'generic/1.json': {
        version: 'GEN-1',
        country: 'generic',
        effectiveFrom: '2020-01-01',
        defaultLanguage: 'en',
        texts: { en: wording('generic') },
      },
    });
    expect(
      loadLegalTexts(resources, { country: 'IT', lang: 'it', on: '2027-02-28' }),
    ).toMatchObject({ version: 'IT-2026.1', storageTerms: 'old storage' });
    expect(
      loadLegalTexts(resources, { country: 'it', lang: 'en', on: '2027-03-01' }),
    ).toMatchObject({ version: 'IT-2027.1', storageTerms: 'new-en storage' });
    // A language the version lacks falls back to the version's own language.
    expect(
      loadLegalTexts(resources, { country: 'IT', lang: 'ru', on: '2026-06-01' }),
    ).toMatchObject({ version: 'IT-2026.1', storageTerms: 'old storage' });
    expect(
      loadLegalTexts(resources, { country: 'IT', lang: 'en', version: 'GEN-1', on: '2027-06-01' }),
    ).toMatchObject({ version: 'GEN-1', claimProcedure: 'generic claim' });
  });

  it('fails loudly, naming the file, when an edited template is broken', () => {
    const resources = resourcesWith({
      'it/broken.json': {
        version: 'IT-X',
        country: 'IT',
        effectiveFrom: '2026-01-01',
        defaultLanguage: 'it',
        texts: { it: { ...wording('x'), claimProcedure: '' } },
      },
    });
    expect(() => loadLegalTexts(resources, { country: 'IT', lang: 'it' })).toThrow(
      /Invalid legal text template .*broken\.json/,
    );
  });
});
