import { createClient, type SportelloClient, type Transport } from '../../core/contract/client';
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

/** In Electron the preload has exposed the client; in a browser it is built over HTTP. */
export const api: SportelloClient = window.sportello ?? createClient(httpTransport);
