import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const languages = ['en', 'it', 'ru'];
const file = (lang: string) => path.resolve('renderer/src/i18n/locales', lang, 'errors.json');

describe('sign-in and people errors are translated', () => {
  it('every language has the same error and field codes, none empty', () => {
    const read = (lang: string) =>
      JSON.parse(fs.readFileSync(file(lang), 'utf8')) as {
        errors: Record<string, string>;
        fields: Record<string, string>;
      };
    const english = read('en');
    for (const lang of languages) {
      const translated = read(lang);
      expect(Object.keys(translated.errors).sort(), lang).toEqual(
        Object.keys(english.errors).sort(),
      );
      expect(Object.keys(translated.fields).sort(), lang).toEqual(
        Object.keys(english.fields).sort(),
      );
      for (const text of [...Object.values(translated.errors), ...Object.values(translated.fields)])
        expect(text.trim()).not.toBe('');
    }
    expect(Object.keys(english.errors)).toEqual(
      expect.arrayContaining(['invalid_credentials', 'too_many_attempts', 'already_set_up']),
    );
  });
});
