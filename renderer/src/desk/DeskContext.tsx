import { createContext, useContext } from 'react';
import type { DeskInfo } from '../../../core/contract/desk';

export const DeskContext = createContext<DeskInfo | null>(null);

/** The site and person of this desk; loaded once before any screen renders. */
export function useDesk(): DeskInfo {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside DeskContext');
  return desk;
}
