const storageKey = 'sportello.session';

/**
 * Browser mode only: the signed-in person's session token, kept per tab in sessionStorage
 * (gone with the tab, not shared with other tabs, never sent automatically like a cookie).
 * In Electron the main process keeps it and the page never sees one.
 */
export const sessionToken = {
  get: (): string => sessionStorage.getItem(storageKey) ?? '',
  set: (token: string): void => sessionStorage.setItem(storageKey, token),
  clear: (): void => sessionStorage.removeItem(storageKey),
};

type Listener = () => void;
const listeners = new Set<Listener>();

/** Any `unauthenticated` reply, from any screen, calls these: the gate shows the sign-in. */
export const sessionEnded = {
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  emit(): void {
    for (const listener of listeners) listener();
  },
};
