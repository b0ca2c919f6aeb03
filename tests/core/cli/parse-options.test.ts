import { describe, expect, it } from 'vitest';
import { cliTranslator } from '../../../core/cli/i18n';
import { parseOptions } from '../../../core/cli/parse-options';

const options = { site: { type: 'string' }, force: { type: 'boolean' } } as const;

describe('command-line options a command cannot use', () => {
  it('are refused in the operator’s language, naming the option, never with a stack trace', () => {
    const cases = [
      [['--sit', 'RM01'], 'en', 'Unknown option --sit.'],
      [['--site'], 'it', '--site richiede un valore.'],
      [['--site', '--force'], 'en', '--site needs a value.'],
      [['RM01'], 'ru', 'Лишний аргумент «RM01».'],
    ] as const;
    for (const [args, language, message] of cases)
      expect(parseOptions({ args: [...args], options }, cliTranslator(language))).toEqual({
        ok: false,
        message,
      });
  });

  it('gives what parseArgs gives when they are right', () => {
    const parsed = parseOptions(
      { args: ['--site', 'RM01', '--force'], options },
      cliTranslator('en'),
    );
    expect(parsed).toMatchObject({ ok: true, parsed: { values: { site: 'RM01', force: true } } });
  });
});
