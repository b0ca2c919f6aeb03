import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { attachmentPath } from '../attachments/store';
import { blobChunkBytes } from '../contract/blobs';
import type { PullChange } from '../contract/replication';
import type { Db } from '../db/open';
import { attachments, syncState } from '../db/schema';
import type { BlobTransport } from './blob-transport';
import { ServerRefused } from './transport';

/** Where a desk's attachment bytes live and how they travel. */
export interface BlobSync {
  transport: BlobTransport;
  dataDir: string;
}

export interface BlobReport {
  uploaded: number;
  downloaded: number;
  /** Photos the outbox names but this desk no longer has (erased, or lost): pushed without bytes. */
  missingLocally: number;
  /** Blobs still to download (the origin desk has not uploaded them yet, or the network failed). */
  waiting: number;
}

export const emptyBlobReport = (): BlobReport => ({
  uploaded: 0,
  downloaded: 0,
  missingLocally: 0,
  waiting: 0,
});

const wantedKey = 'blobs.wanted';
const statusBatch = 500;

function readWanted(db: Db): string[] {
  const row = db.select().from(syncState).where(eq(syncState.key, wantedKey)).get();
  return (row?.value as string[] | undefined) ?? [];
}

function writeWanted(db: Db, wanted: string[]): void {
  db.insert(syncState)
    .values({ key: wantedKey, value: wanted })
    .onConflictDoUpdate({ target: syncState.key, set: { value: wanted } })
    .run();
}

function addWanted(db: Db, hashes: Iterable<string>): void {
  const wanted = new Set(readWanted(db));
  const before = wanted.size;
  for (const sha of hashes) wanted.add(sha);
  if (wanted.size !== before) writeWanted(db, [...wanted]);
}

/** The hashes of attachments pulled in a page; their bytes are fetched after the pull. */
export function noteWantedBlobs(db: Db, changes: readonly PullChange[]): void {
  const hashes = changes
    .filter((c) => c.tbl === 'attachments' && c.op === 'upsert')
    .map((c) => c.data?.sha256)
    .filter((sha): sha is string => typeof sha === 'string');
  if (hashes.length) addWanted(db, hashes);
}

/**
 * Every attachment whose file this desk lacks: run once when the sync loop starts, so a
 * crash between applying a page and noting its photos costs a delay, never a photo.
 */
export function wantMissingBlobs(db: Db, dataDir: string): number {
  const missing = db
    .selectDistinct({ sha256: attachments.sha256 })
    .from(attachments)
    .all()
    .map((row) => row.sha256)
    .filter((sha) => !fs.existsSync(attachmentPath(dataDir, sha)));
  addWanted(db, missing);
  return missing.length;
}

export function blobsWaiting(db: Db): number {
  return readWanted(db).length;
}

function outboxHashes(db: Db): string[] {
  return db
    .all<{ sha256: string | null }>(
      sql`SELECT DISTINCT json_extract(args, '$.attachment.sha256') AS sha256
            FROM outbox WHERE name = 'order.attachment'`,
    )
    .map((row) => row.sha256)
    .filter((sha): sha is string => typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha));
}

/** The offset the server asks to resume from after a refused chunk, if that is the reason. */
function resumeOffset(error: unknown): number | null {
  if (!(error instanceof ServerRefused) || error.error.params?.reason !== 'blob_offset')
    return null;
  return Number(error.error.params.received);
}

/**
 * An upload that stopped advancing: the server answered `blob_offset` without moving forward
 * several times in a row. The round ends there (the outbox waits) and the next one starts again
 * from the server's status; the row is never pushed ahead of bytes still missing.
 */
export class BlobUploadStalled extends Error {
  constructor(readonly sha256: string) {
    super(`the upload of ${sha256} stopped advancing`);
    this.name = 'BlobUploadStalled';
  }
}

/** Refusals in a row that do not move the upload forward before it counts as stalled. */
const maxStalls = 3;

/**
 * Sends the bytes from `from` on, a chunk at a time, until the server has them all. A chunk the
 * server refuses with `blob_offset` (a retried request it had already stored, an upload swept
 * meanwhile) resumes where the server's copy ends: that is progress as long as it moves forward.
 */
async function uploadOne(
  transport: BlobTransport,
  sha256: string,
  bytes: Buffer,
  from: number,
): Promise<void> {
  let offset = from;
  let stalls = 0;
  while (offset < bytes.length) {
    const chunk = bytes.subarray(offset, offset + blobChunkBytes);
    try {
      const stored = await transport.upload(sha256, offset, bytes.length, chunk);
      if (stored.complete) return;
      offset = stored.received;
      stalls = 0;
    } catch (error) {
      const resumeAt = resumeOffset(error);
      if (resumeAt === null) throw error;
      stalls = resumeAt > offset ? 0 : stalls + 1;
      if (stalls >= maxStalls) throw new BlobUploadStalled(sha256);
      offset = resumeAt;
    }
  }
  // Every byte was sent and none of the answers said complete.
  throw new BlobUploadStalled(sha256);
}

/**
 * Uploads the bytes of every photo the outbox is about to announce, from where the server's
 * copy stops (an upload cut by the network resumes, it does not start over). Runs before the
 * push, so the head office never holds a row whose bytes no desk can fetch — unless the file is
 * gone from this desk too, which must not hold the outbox back: that row is pushed without them.
 * A network failure or a stalled upload propagates (the round fails, the outbox waits); a
 * refusal of one blob skips it.
 */
export async function uploadOutboxBlobs(db: Db, blobs: BlobSync, report: BlobReport) {
  const hashes = outboxHashes(db);
  for (let i = 0; i < hashes.length; i += statusBatch) {
    const states = await blobs.transport.status(hashes.slice(i, i + statusBatch));
    for (const state of states) {
      if (state.state === 'complete') continue;
      const file = attachmentPath(blobs.dataDir, state.sha256);
      if (!fs.existsSync(file)) {
        report.missingLocally++;
        continue;
      }
      try {
        await uploadOne(blobs.transport, state.sha256, fs.readFileSync(file), state.received);
        report.uploaded++;
      } catch (error) {
        // A refused blob (corrupt local copy, over the limit) cannot hold back the outbox.
        if (!(error instanceof ServerRefused)) throw error;
        report.missingLocally++;
      }
    }
  }
}

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Fetches one blob into `<file>.part` (resuming a partial one), checks it, and moves it in place. */
async function downloadOne(blobs: BlobSync, sha256: string): Promise<boolean> {
  const file = attachmentPath(blobs.dataDir, sha256);
  const part = `${file}.part`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const from = fs.existsSync(part) ? fs.statSync(part).size : 0;
  let body: AsyncIterable<Uint8Array> | null;
  try {
    body = await blobs.transport.download(sha256, from);
  } catch (error) {
    if (!(error instanceof ServerRefused) || from === 0) throw error;
    fs.rmSync(part, { force: true });
    return false;
  }
  if (!body) return false;
  const out = fs.openSync(part, 'a');
  try {
    for await (const chunk of body) fs.writeSync(out, chunk);
    fs.fsyncSync(out);
  } finally {
    fs.closeSync(out);
  }
  if (sha256Of(part) !== sha256) {
    fs.rmSync(part, { force: true });
    return false;
  }
  fs.renameSync(part, file);
  return true;
}

/**
 * Downloads the bytes of pulled attachments. A blob the server does not have yet (its desk is
 * offline) stays wanted for the next round; one no attachment names any more (erased) is dropped.
 */
export async function downloadWantedBlobs(db: Db, blobs: BlobSync, report: BlobReport) {
  const wanted = new Set(readWanted(db));
  try {
    for (const sha256 of [...wanted]) {
      const named = db
        .select({ id: attachments.id })
        .from(attachments)
        .where(eq(attachments.sha256, sha256))
        .get();
      if (!named || fs.existsSync(attachmentPath(blobs.dataDir, sha256))) {
        wanted.delete(sha256);
        continue;
      }
      if (await downloadOne(blobs, sha256)) {
        wanted.delete(sha256);
        report.downloaded++;
      }
    }
  } finally {
    writeWanted(db, [...wanted]);
    report.waiting = wanted.size;
  }
}
