import { BlobStatusResponse, BlobUploadResponse, type BlobState } from '../contract/blobs';
import type { DeskCredentials } from './sync-state';
import { streamChunks } from './stream-chunks';
import { refusal, ServerRefused } from './transport';

/** How the desk moves attachment bytes: HTTP in production, anything that keeps the shape in tests. */
export interface BlobTransport {
  status(hashes: string[]): Promise<BlobState[]>;
  /** Stores bytes `first…first+chunk.length-1` of `total`; `ServerRefused` on a refusal. */
  upload(
    sha256: string,
    first: number,
    total: number,
    chunk: Uint8Array,
  ): Promise<BlobUploadResponse>;
  /** The bytes from `from` on; null when the server has no such blob for this desk (yet). */
  download(sha256: string, from: number): Promise<AsyncIterable<Uint8Array> | null>;
}

const requestTimeoutMs = 60_000;

export function httpBlobTransport(
  credentials: DeskCredentials,
  fetchImpl: typeof fetch = fetch,
): BlobTransport {
  const base = credentials.serverUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${credentials.deskId}.${credentials.secret}`;
  return {
    async status(hashes) {
      const response = await fetchImpl(`${base}/blobs/status`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ hashes }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!response.ok) throw await refusal(response);
      return BlobStatusResponse.parse(await response.json()).blobs;
    },
    async upload(sha256, first, total, chunk) {
      const response = await fetchImpl(`${base}/blobs/${sha256}`, {
        method: 'PUT',
        headers: {
          authorization,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${first}-${first + chunk.length - 1}/${total}`,
        },
        body: new Uint8Array(chunk),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!response.ok) throw await refusal(response);
      return BlobUploadResponse.parse(await response.json());
    },
    async download(sha256, from) {
      const response = await fetchImpl(`${base}/blobs/${sha256}`, {
        headers: { authorization, ...(from > 0 ? { range: `bytes=${from}-` } : {}) },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (response.status === 404) return null;
      if (!response.ok || !response.body) throw await refusal(response);
      // A server that ignored the range sends everything: the caller starts again from 0.
      if (from > 0 && response.status !== 206) throw new ServerRefused(416, { code: 'conflict' });
      return streamChunks(response.body);
    },
  };
}
