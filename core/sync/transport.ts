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

async function refusal(response: Response): Promise<ServerRefused> {
  const body = (await response.json().catch(() => null)) as { error?: AppError } | null;
  return new ServerRefused(response.status, body?.error ?? { code: 'internal' });
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
