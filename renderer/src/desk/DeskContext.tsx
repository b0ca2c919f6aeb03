import { createContext, useContext } from 'react';
import type { DeskInfo } from '../../../core/contract/desk';

export const DeskContext = createContext<DeskInfo | null>(null);

/** Reads the desk's site and person again (a screen that changed them calls it). */
export const DeskRefreshContext = createContext<() => void>(() => {});

/**
 * The site and person of this desk: loaded before any screen renders, and read again every
 * minute and when a screen changes them, so a renamed site (here, at the head office, or by the
 * command line enrolling this desk) shows without a reload.
 */
export function useDesk(): DeskInfo {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside DeskContext');
  return desk;
}

export function useRefreshDesk(): () => void {
  return useContext(DeskRefreshContext);
}
