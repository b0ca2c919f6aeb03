import { createHash } from 'node:crypto';
import type { BlobState, BlobUploadResponse } from '../../core/contract/blobs';
import type { ErrorCode, ErrorParams } from '../../core/contract/errors';
import type { DeskPrincipal } from '../auth';
import type { ServerDb, Sql } from '../db/connection';

/**
 * An upload the server will not take: the HTTP status, and the code with a `reason` the desk
 * reads (`blob_offset` with the offset to resume from, `blob_size_mismatch`, `blob_hash_mismatch`).
 */
export class BlobRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly params: ErrorParams,
  ) {
    super(String(params.reason ?? code));
    this.name = 'BlobRefused';
  }
}

interface BlobRow {
  sha256: string;
  size: string;
  received: string;
  completed_at: string | null;
}

export async function blobStates(db: Sql, hashes: readonly string[]): Promise<BlobState[]> {
  const rows = await db.query<BlobRow>(
    'SELECT sha256, size::text, received::text, completed_at::text FROM blobs WHERE sha256 = ANY($1::text[])',
    [hashes],
  );
  const known = new Map(rows.map((row) => [row.sha256, row]));
  return [...new Set(hashes)].map((sha256) => {
    const row = known.get(sha256);
    if (!row) return { sha256, state: 'missing', received: 0 };
    return row.completed_at
      ? { sha256, state: 'complete', received: Number(row.size) }
      : { sha256, state: 'partial', received: Number(row.received) };
  });
}

async function hashOfChunks(tx: Sql, sha256: string): Promise<string> {
  const hash = createHash('sha256');
  const rows = await tx.query<{ data: Uint8Array }>(
    'SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY "offset"',
    [sha256],
  );
  for (const row of rows) hash.update(row.data);
  return hash.digest('hex');
}

/**
 * Stores one chunk of an upload. Chunks arrive in order: a chunk that does not start where the
 * stored bytes end is refused with `blob_offset` and the offset to resume from, so a desk whose
 * upload was cut asks nothing else. The last chunk triggers the check: bytes whose SHA-256 is
 * not the blob's name are thrown away and refused (`blob_hash_mismatch`).
 */
export async function storeChunk(
  db: ServerDb,
  sha256: string,
  range: { first: number; last: number; total: number },
  bytes: Uint8Array,
  now: number,
): Promise<BlobUploadResponse> {
  const outcome = await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [sha256, range.total, now],
    );
    const [row] = await tx.query<BlobRow>(
      'SELECT sha256, size::text, received::text, completed_at::text FROM blobs WHERE sha256 = $1 FOR UPDATE',
      [sha256],
    );
    // Swept as abandoned between the insert and the lock: the desk starts again from 0.
    if (!row) throw new BlobRefused(409, 'conflict', { reason: 'blob_offset', received: 0 });
    const size = Number(row.size);
    const received = Number(row.received);
    if (row.completed_at) return { sha256, received: size, complete: true };
    if (range.total !== size)
      throw new BlobRefused(409, 'conflict', { reason: 'blob_size_mismatch', size, received });
    if (range.first !== received)
      throw new BlobRefused(409, 'conflict', { reason: 'blob_offset', received });
    await tx.query('INSERT INTO blob_chunks (sha256, "offset", data) VALUES ($1, $2, $3)', [
      sha256,
      range.first,
      bytes,
    ]);
    const receivedNow = received + bytes.length;
    if (receivedNow < size) {
      await tx.query('UPDATE blobs SET received = $2, touched_at = $3 WHERE sha256 = $1', [
        sha256,
        receivedNow,
        now,
      ]);
      return { sha256, received: receivedNow, complete: false };
    }
    if ((await hashOfChunks(tx, sha256)) !== sha256) {
      await tx.query('DELETE FROM blob_chunks WHERE sha256 = $1', [sha256]);
      await tx.query('DELETE FROM blobs WHERE sha256 = $1', [sha256]);
      return 'mismatch' as const;
    }
    await tx.query(
      'UPDATE blobs SET received = $2, completed_at = $3, touched_at = $3 WHERE sha256 = $1',
      [sha256, receivedNow, now],
    );
    return { sha256, received: receivedNow, complete: true };
  });
  if (outcome === 'mismatch')
    throw new BlobRefused(422, 'validation', { reason: 'blob_hash_mismatch' });
  return outcome;
}

/** How long a partial upload may sit without a new chunk before it is swept: a week. */
export const abandonedUploadMs = 7 * 24 * 3600_000;

/**
 * Deletes partial uploads no chunk has reached since `now - idleMs`, bytes and all: a desk that
 * gave up (its photo deleted, the desk replaced) would otherwise leave them in the database for
 * ever. A desk that comes back later asks the blob's state, hears "missing" and uploads from
 * the start. An upload storing a chunk holds its row: the sweep waits for it, then sees it fresh.
 */
export async function sweepAbandonedUploads(
  db: Sql,
  now: number,
  idleMs = abandonedUploadMs,
): Promise<{ uploads: number; bytes: number }> {
  const [row] = await db.query<{ uploads: number; bytes: string }>(
    `WITH gone AS (
       DELETE FROM blobs
        WHERE completed_at IS NULL AND coalesce(touched_at, created_at) < $1::bigint
       RETURNING sha256, received
     ), chunks AS (
       DELETE FROM blob_chunks c USING gone WHERE c.sha256 = gone.sha256 RETURNING 1
     )
     SELECT (SELECT count(*) FROM gone)::int AS uploads,
            (SELECT coalesce(sum(received), 0) FROM gone)::text AS bytes,
            (SELECT count(*) FROM chunks)::int AS chunks`,
    [now - idleMs],
  );
  return { uploads: row!.uploads, bytes: Number(row!.bytes) };
}

/**
 * How long a complete blob no attachment names stays: a day. Its row was erased (the customer's
 * right to erasure), or refused after the desk had uploaded the bytes (a photo of a customer
 * erased meanwhile), or has not been pushed yet: the desk asks which bytes the server holds
 * and uploads the missing ones just before each push, so a push that follows a status check
 * finds them there; one that comes back days later finds them missing and uploads them again.
 * Not sooner, and not in the erasure itself: a desk told a moment ago that the server holds a
 * picture pushes its own photo of the same bytes without them.
 */
export const unnamedBlobMs = 24 * 3600_000;

/** The condition that no attachment record names blob `b` (uses `records_attachment_sha256`). */
const unnamed = `NOT EXISTS (SELECT 1 FROM records r
                   WHERE r.tbl = 'attachments' AND r.data->>'sha256' = b.sha256)`;

/** Deletes complete blobs no attachment has named for `idleMs` (see `unnamedBlobMs`). */
export async function sweepUnnamedBlobs(
  db: Sql,
  now: number,
  idleMs = unnamedBlobMs,
): Promise<{ blobs: number; bytes: number }> {
  const [row] = await db.query<{ blobs: number; bytes: string }>(
    `WITH gone AS (
       DELETE FROM blobs b
        WHERE b.completed_at IS NOT NULL
          AND coalesce(b.touched_at, b.completed_at) < $1::bigint AND ${unnamed}
       RETURNING sha256, size
     ), chunks AS (
       DELETE FROM blob_chunks c USING gone WHERE c.sha256 = gone.sha256 RETURNING 1
     )
     SELECT (SELECT count(*) FROM gone)::int AS blobs,
            (SELECT coalesce(sum(size), 0) FROM gone)::text AS bytes,
            (SELECT count(*) FROM chunks)::int AS chunks`,
    [now - idleMs],
  );
  return { blobs: row!.blobs, bytes: Number(row!.bytes) };
}

/**
 * A complete blob this desk may read: an attachment in its scope names it (the head office
 * reads every one). Anything else is "not found", so a desk cannot probe others' photos.
 */
export async function readableBlobSize(
  db: Sql,
  desk: DeskPrincipal,
  sha256: string,
): Promise<number | null> {
  const rows = await db.query<{ size: string }>(
    `SELECT b.size::text FROM blobs b
      WHERE b.sha256 = $1 AND b.completed_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM records r
                     WHERE r.tbl = 'attachments' AND r.data->>'sha256' = $1
                       AND ($2::boolean OR r.sites IS NULL OR $3 = ANY(r.sites)))`,
    [sha256, desk.siteKind === 'head_office', desk.siteId],
  );
  return rows[0] ? Number(rows[0].size) : null;
}

/** The blob's bytes from `from` on, one stored chunk at a time. */
export async function* blobBytes(
  db: Sql,
  sha256: string,
  from: number,
): AsyncGenerator<Uint8Array> {
  // Ordered by the column, a number: an output column named `offset` (text) would put the chunk
  // at 1 048 576 before the one at 262 144 and serve every blob over 1 MB scrambled.
  const chunks = await db.query<{ start: string }>(
    `SELECT "offset"::text AS start FROM blob_chunks
      WHERE sha256 = $1 AND "offset" + length(data) > $2 ORDER BY "offset"`,
    [sha256, from],
  );
  for (const chunk of chunks) {
    const [row] = await db.query<{ data: Uint8Array }>(
      'SELECT data FROM blob_chunks WHERE sha256 = $1 AND "offset" = $2',
      [sha256, chunk.start],
    );
    const skip = Math.max(0, from - Number(chunk.start));
    yield row!.data.subarray(skip);
  }
}
