const storageKey = 'sportello.token';

/**
 * Browser mode: the host prints `http://127.0.0.1:PORT/#/?token=…`. The token is kept for this
 * tab in sessionStorage and removed from the address bar so it is not bookmarked or shared.
 */
export function captureBrowserToken(): void {
  const hash = window.location.hash;
  const queryStart = hash.indexOf('?');
  const fromHash = queryStart >= 0 ? new URLSearchParams(hash.slice(queryStart + 1)) : null;
  const fromSearch = new URLSearchParams(window.location.search);
  const token = fromHash?.get('token') ?? fromSearch.get('token');
  if (!token) return;
  sessionStorage.setItem(storageKey, token);
  fromHash?.delete('token');
  const rest = fromHash?.toString();
  const route = queryStart >= 0 ? hash.slice(0, queryStart) : hash || '#/';
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${route}${rest ? `?${rest}` : ''}`,
  );
}

export function browserToken(): string {
  return sessionStorage.getItem(storageKey) ?? '';
}
