import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useDesk } from '../desk/DeskContext';
import { mayTakeIntake } from '../screens/intake/may-take-intake';
import { globalSearchInputId, sections } from './sections';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Keys that work on every screen: F2 new intake, `/` or F3 the global search, Alt+letter
 * the main screens. Physical key codes, so they work with a Cyrillic layout too.
 */
export function useGlobalShortcuts() {
  const navigate = useNavigate();
  // F2 opens the intake only for those the desk would take one from.
  const mayIntake = mayTakeIntake(useDesk().person.roles);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.code === 'F2') {
        event.preventDefault();
        if (mayIntake) void navigate('/intake/new');
        return;
      }
      const wantsSearch = event.code === 'F3' || (event.key === '/' && !isTyping(event.target));
      if (wantsSearch) {
        event.preventDefault();
        document.getElementById(globalSearchInputId)?.focus();
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const section = sections.find((s) => s.altKey === event.code);
        if (section) {
          event.preventDefault();
          void navigate(section.path);
        }
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, mayIntake]);
}
