import {
  EnrolPreviewResponse,
  EnrolResponse,
  PullLine,
  PushResponse,
  type PullChange,
  type PullEnd,
  type PushMutation,
} from '../contract/replication';
import type { AppError } from '../contract/errors';
import type { DeskCredentials } from './sync-state';
import { streamChunks } from './stream-chunks';

/** How the desk reaches the server: HTTP in production, in-process in the simulator. */
export interface SyncTransport {
  push(mutations: PushMutation[]): Promise<PushResponse>;
  /** `count`: ask the server how many changes are left after the page (costs it a scan). */
  pull(
    cursor: string,
    limit: number,
    options?: { count?: boolean },
  ): Promise<{ changes: PullChange[]; end: PullEnd }>;
}

/** The server answered with an error status (as opposed to the network failing). */
export class ServerRefused extends Error {
  constructor(
    readonly status: number,
    readonly error: AppError,
  ) {
    super(`server refused (${status}): ${error.code}`);
    this.name = 'ServerRefused';
  }
}

/**
 * A gateway in front of the head office (the TLS proxy or load balancer it runs behind) answered
 * for it: the head office itself could not be reached, as when the network fails. It refused
 * nothing, so the desk says it is offline, not that the head office refused its changes.
 */
export class HeadOfficeUnreachable extends Error {
  constructor(readonly status: number) {
    super(`head office unreachable: its gateway answered ${status}`);
    this.name = 'HeadOfficeUnreachable';
  }
}

/**
 * The server never answers these with an error of its own: a proxy does (bad gateway, unavailable,
 * timed out), or Fastify while the server is closing (503).
 */
const gatewayStatuses = new Set([502, 503, 504]);

/** Why a request got no answer it can use: the head office's own error, or no head office. */
export async function refusal(response: Response): Promise<ServerRefused | HeadOfficeUnreachable> {
  const body = (await response.json().catch(() => null)) as { error?: AppError } | null;
  // Ours carry an error with a code; Fastify's own 503 while the server closes has a string.
  const ours = typeof body?.error?.code === 'string' ? body.error : null;
  if (!ours && gatewayStatuses.has(response.status))
    return new HeadOfficeUnreachable(response.status);
  return new ServerRefused(response.status, ours ?? { code: 'internal' });
}

const requestTimeoutMs = 30_000;

export function httpTransport(
  credentials: DeskCredentials,
  fetchImpl: typeof fetch = fetch,
): SyncTransport {
  const base = credentials.serverUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${credentials.deskId}.${credentials.secret}`;
  return {
    async push(mutations) {
      const response = await fetchImpl(`${base}/sync/push`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!response.ok) throw await refusal(response);
      return PushResponse.parse(await response.json());
    },
    async pull(cursor, limit, options = {}) {
      const count = options.count === false ? '&count=0' : '';
      const url = `${base}/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}${count}`;
      const response = await fetchImpl(url, {
        headers: { authorization },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!response.ok || !response.body) throw await refusal(response);
      const changes: PullChange[] = [];
      let end: PullEnd | null = null;
      let buffered = '';
      const decoder = new TextDecoder();
      const take = (line: string) => {
        if (!line.trim()) return;
        const parsed = PullLine.parse(JSON.parse(line));
        if (parsed.type === 'end') end = parsed;
        else changes.push(parsed);
      };
      for await (const chunk of streamChunks(response.body)) {
        buffered += decoder.decode(chunk, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        lines.forEach(take);
      }
      take(buffered);
      // A page without its end line was cut short: apply none of it.
      if (!end) throw new Error('pull page ended early');
      return { changes, end };
    },
  };
}

/**
 * Spends a code for new credentials. `held`: the credentials this desk holds for the same head
 * office, sent as on every sync request, so that it retires the desk id they belong to.
 */
export async function enrolOverHttp(
  serverUrl: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
  held?: Pick<DeskCredentials, 'deskId' | 'secret'>,
): Promise<EnrolResponse> {
  const response = await fetchImpl(`${serverUrl.replace(/\/+$/, '')}/enrol`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(held ? { authorization: `Bearer ${held.deskId}.${held.secret}` } : {}),
    },
    body: JSON.stringify({ code }),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (!response.ok) throw await refusal(response);
  return EnrolResponse.parse(await response.json());
}

/** Which site a code is for, asked of the head office without spending the code. */
export async function previewEnrolmentOverHttp(
  serverUrl: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<EnrolPreviewResponse> {
  const response = await fetchImpl(`${serverUrl.replace(/\/+$/, '')}/enrol/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (!response.ok) throw await refusal(response);
  return EnrolPreviewResponse.parse(await response.json());
}
