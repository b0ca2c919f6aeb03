import type { SportelloClient, Transport } from '../../core/contract/client';
import type { Result } from '../../core/contract/errors';
import { browserToken } from './browser-token';

/** Browser mode: the contract over HTTP to the local host, authorised by the per-run token. */
const httpTransport: Transport = async (method, input) => {
  try {
    const response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sportello-token': browserToken() },
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', params: { reason: 'unreachable' } } };
  }
};

/**
 * The same shape `createClient(transport)` builds, as a proxy: createClient walks the contract
 * object, which would put every zod schema (and libphonenumber) on the first paint's critical
 * path. The schemas load with the screens that validate; the host validates every call anyway.
 */
function httpClient(transport: Transport): SportelloClient {
  return new Proxy({} as SportelloClient, {
    get: (_client, method) =>
      typeof method === 'string'
        ? (input: unknown) => transport(method as Parameters<Transport>[0], input)
        : undefined,
  });
}

/** In Electron the preload has exposed the client; in a browser it is built over HTTP. */
export const api: SportelloClient = window.sportello ?? httpClient(httpTransport);
