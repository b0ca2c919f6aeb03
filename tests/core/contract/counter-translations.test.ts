import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accessoryChecklists,
  conditionChecklists,
} from '../../../core/contract/condition-checklists';
import { errorCodes } from '../../../core/contract/errors';

const languages = ['en', 'it', 'ru'] as const;
const locales = path.resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');
const read = (lang: string, file: string) =>
  JSON.parse(fs.readFileSync(path.join(locales, lang, file), 'utf8')) as Record<
    string,
    Record<string, string>
  >;

describe('the counter’s translations', () => {
  it('give every counter error code a text in English, Italian and Russian', () => {
    const counterCodes = errorCodes.slice(errorCodes.indexOf('internal') + 1);
    for (const lang of languages) {
      // The counter's codes live in the shared `errors` namespace since the counter merged.
      const translated = Object.keys(read(lang, 'errors.json').errors!);
      expect(counterCodes.filter((code) => !translated.includes(code))).toEqual([]);
    }
  });

  it('give the same field codes in all three languages', () => {
    const english = Object.keys(read('en', 'errors.json').fields!).sort();
    for (const lang of languages)
      expect(Object.keys(read(lang, 'errors.json').fields!).sort()).toEqual(english);
  });

  it('name every checklist item in all three languages', () => {
    const condition = [...new Set(Object.values(conditionChecklists).flat())].sort();
    const accessories = [...new Set(Object.values(accessoryChecklists).flat())].sort();
    for (const lang of languages) {
      const file = read(lang, 'counter-checklist.json');
      expect(Object.keys(file.condition!).sort()).toEqual(condition);
      expect(Object.keys(file.accessories!).sort()).toEqual(accessories);
    }
  });
});
