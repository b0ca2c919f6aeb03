import type { SportelloClient, Transport } from '../../core/contract/client';
import type { Result } from '../../core/contract/errors';
import { sessionEnded, sessionToken } from './auth/session-token';
import { browserToken } from './browser-token';

/** Methods whose successful reply carries a new session token (browser mode keeps it). */
const opensSession = new Set(['signIn', 'setUpHeadOffice']);

/**
 * Browser mode: the contract over HTTP to the local host, authorised by the per-run token and
 * acting as the person whose session token it carries.
 */
const httpTransport: Transport = async (method, input) => {
  try {
    const response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sportello-token': browserToken(),
        'x-sportello-session': sessionToken.get(),
      },
      body: JSON.stringify(input ?? {}),
    });
    const result = (await response.json()) as Result<unknown>;
    if (method === 'signOut') sessionToken.clear();
    if (result.ok && opensSession.has(method)) {
      sessionToken.set((result.value as { token: string }).token);
    }
    return result;
  } catch {
    return { ok: false, error: { code: 'internal', params: { reason: 'unreachable' } } };
  }
};

/**
 * The same shape `createClient(transport)` builds, as a proxy: createClient walks the contract
 * object, which would put every zod schema (and libphonenumber) on the first paint's critical
 * path. The schemas load with the screens that validate; the host validates every call anyway.
 */
function clientOver(transport: Transport): SportelloClient {
  return new Proxy({} as SportelloClient, {
    get: (_client, method) =>
      typeof method === 'string'
        ? (input: unknown) => transport(method as Parameters<Transport>[0], input)
        : undefined,
  });
}

/** In Electron the preload has exposed the client; in a browser it is built over HTTP. */
const base: Transport = window.sportello
  ? (method, input) =>
      (window.sportello![method] as (input: unknown) => Promise<Result<unknown>>)(input)
  : httpTransport;

/** Every reply passes here: a session that is over sends the person to the sign-in screen. */
const watched: Transport = async (method, input) => {
  const result = await base(method, input);
  if (!result.ok && result.error.code === 'unauthenticated' && method !== 'whoAmI') {
    sessionEnded.emit();
  }
  return result;
};

export const api: SportelloClient = clientOver(watched);
