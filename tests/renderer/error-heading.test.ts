import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/contract/errors';
import { errorHeadingKey } from '../../renderer/src/components/error-heading';
import { resources } from '../../renderer/src/i18n/resources';

/**
 * A refusal is headed by what kind of answer it is: "Something went wrong" is for failures the
 * person did not cause, not for a form to check or a rule of the work.
 */
describe('the heading above an error', () => {
  it('says to check what was entered for a validation refusal, and not that something went wrong', () => {
    expect(errorHeadingKey('validation')).toBe('heading.check');
    expect(errorHeadingKey('payments_mismatch')).toBe('heading.check');
    expect(resources.en.errors.heading.check).toBe('Check what was entered');
  });

  it('says "not possible" for a rule of the work, and "something went wrong" only for failures', () => {
    expect(errorHeadingKey('forbidden')).toBe('heading.refused');
    expect(errorHeadingKey('wrong_status')).toBe('heading.refused');
    expect(errorHeadingKey('internal')).toBe('heading.failed');
    expect(errorHeadingKey('server_unreachable')).toBe('heading.failed');
    // A code this renderer does not know (a newer desk) is a failure.
    expect(errorHeadingKey('something_new')).toBe('heading.failed');
    expect(resources.en.errors.heading.failed).toBe('Something went wrong');
  });

  it('every code of the contract has a heading in each language', () => {
    for (const language of Object.keys(resources) as (keyof typeof resources)[]) {
      const { heading } = resources[language].errors as { heading: Record<string, string> };
      for (const code of errorCodes) {
        const key = errorHeadingKey(code).slice('heading.'.length);
        expect(heading[key], `${language} ${code}`).toBeTypeOf('string');
      }
    }
  });
});
