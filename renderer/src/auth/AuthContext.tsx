import { createContext, useContext } from 'react';
import type { UserSummary } from '../../../core/contract/auth';

export interface Auth {
  user: UserSummary;
  /** Locks the counter for this person (they, or someone else, sign in again). */
  lock(): void;
  /** Ends this session and shows the person picker. */
  switchPerson(): void;
  signOut(): void;
}

export const AuthContext = createContext<Auth | null>(null);

/** The signed-in person; only screens behind the sign-in gate use it. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthGate');
  return auth;
}
