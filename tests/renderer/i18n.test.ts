import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/contract/errors';
import { resources } from '../../renderer/src/i18n/resources';

type Tree = { [key: string]: string | Tree };

/** Every leaf key, with plural suffixes folded (Russian has _few/_many, English does not). */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string'
      ? [path.replace(/_(zero|one|two|few|many|other)$/, '')]
      : keysOf(value, path);
  });
}

const languages = Object.keys(resources) as (keyof typeof resources)[];

/** Field issue codes the contract's schemas can produce (see issuesFromZod and the refinements). */
const fieldCodes = [
  'required',
  'invalid',
  'invalid_type',
  'invalid_option',
  'invalid_phone',
  'invalid_imei',
  'invalid_email',
  'invalid_uuid',
  'invalid_date',
  'invalid_json',
  'too_big_string',
  'too_big_number',
  'too_big_array',
  'too_small_string',
  'too_small_number',
  'too_small_array',
  'unknown_customer',
  'unknown_device',
];

describe('the translations', () => {
  it('English, Italian and Russian have exactly the same keys in every namespace', () => {
    for (const namespace of Object.keys(resources.en) as (keyof typeof resources.en)[]) {
      const english = new Set(keysOf(resources.en[namespace] as Tree));
      for (const language of languages) {
        const other = new Set(keysOf(resources[language][namespace] as Tree));
        expect([...other].sort(), `${language}/${namespace}`).toEqual([...english].sort());
      }
    }
  });

  it('every error code of the contract and every field issue code has a message in each language', () => {
    for (const language of languages) {
      const { errors, fields } = resources[language].errors as { errors: Tree; fields: Tree };
      for (const code of errorCodes)
        expect(errors[code], `${language} errors.${code}`).toBeTypeOf('string');
      for (const code of fieldCodes)
        expect(fields[code], `${language} fields.${code}`).toBeTypeOf('string');
    }
  });

  it('every field code that core raises by name (fieldError, refine params) is translated', () => {
    const coreDir = path.resolve(import.meta.dirname, '../../core');
    const sources = fs
      .readdirSync(coreDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => fs.readFileSync(path.join(coreDir, file), 'utf8'));
    const raised = new Set<string>();
    for (const source of sources) {
      for (const m of source.matchAll(/fieldError\([^,]+,\s*'([a-z_]+)'/g)) raised.add(m[1]!);
      for (const m of source.matchAll(/params: \{ code: '([a-z_]+)' \}/g)) raised.add(m[1]!);
    }
    expect(raised.size).toBeGreaterThan(0);
    for (const language of languages) {
      const { fields } = resources[language].errors as { fields: Tree };
      for (const code of raised)
        expect(fields[code], `${language} fields.${code}`).toBeTypeOf('string');
    }
  });

  it('limits reach the message: "too long" says the maximum', () => {
    for (const language of languages) {
      const { fields } = resources[language].errors as { fields: Record<string, string> };
      expect(fields.too_big_string).toContain('{{maximum}}');
      expect(fields.too_small_string).toContain('{{minimum}}');
    }
  });

  it('no message is left empty or untranslated placeholder text', () => {
    for (const language of languages) {
      for (const namespace of Object.values(resources[language])) {
        const walk = (tree: Tree) =>
          Object.values(tree).forEach((v) =>
            typeof v === 'string' ? expect(v.trim()).not.toBe('') : walk(v),
          );
        walk(namespace as Tree);
      }
    }
  });

  it('Italian speaks to the user as "tu" everywhere: app, command line and documents', () => {
    // The plural forms that crept in before ("Aprite l'ordine…", "a vostro nome"); see
    // docs/decisions.md. Participles such as "modifiche rifiutate" are not on the list.
    const voi =
      /\b(vostr[oaie]|avete|potete|dovete|siete|aprite|chiedete|controllate|attendete|usate|inserite|provate|trovate|cercate|scegliete|chiamate|salvate(l[oaie])?|correggete|aggiungete(l[oaie])?|fate)\b/i;
    const files = ['cli', 'documents', 'shared'].map((part) =>
      JSON.parse(fs.readFileSync(path.join('resources/i18n', part, 'it.json'), 'utf8')),
    );
    const texts: string[] = [];
    const walk = (tree: Tree) =>
      Object.values(tree).forEach((v) => (typeof v === 'string' ? texts.push(v) : walk(v)));
    [...Object.values(resources.it), ...files].forEach((tree) => walk(tree as Tree));
    expect(texts.length).toBeGreaterThan(500);
    expect(texts.filter((text) => voi.test(text))).toEqual([]);
  });
});
