import type { KeyboardEvent } from 'react';

/** Ctrl+S (⌘S) in a form submits it, by the physical key so a Cyrillic layout works too. */
export function submitOnCtrlS(event: KeyboardEvent<HTMLFormElement>) {
  if (!(event.ctrlKey || event.metaKey) || event.code !== 'KeyS') return;
  event.preventDefault();
  event.currentTarget.requestSubmit();
}
