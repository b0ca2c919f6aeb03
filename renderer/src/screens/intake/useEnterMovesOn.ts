import { useCallback, type KeyboardEvent } from 'react';

/** Marks the inputs that Enter walks through, in document order. */
export const intakeFieldAttribute = 'data-intake-field';

/**
 * Enter in a one-line input or select moves to the next field, as at a paper form; in a textarea
 * it stays a new line. Handlers that use Enter themselves (the customer search list) call
 * preventDefault first.
 */
export function useEnterMovesOn() {
  return useCallback((event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter' || event.defaultPrevented) return;
    if (event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (!target.hasAttribute(intakeFieldAttribute) || target.tagName === 'TEXTAREA') return;
    event.preventDefault();
    const fields = Array.from(
      event.currentTarget.querySelectorAll<HTMLElement>(`[${intakeFieldAttribute}]`),
    ).filter((field) => !field.hasAttribute('disabled'));
    const next = fields[fields.indexOf(target) + 1];
    next?.focus();
  }, []);
}
