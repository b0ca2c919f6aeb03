import { z } from 'zod';
import { maxAttachmentBytes } from './attachments';

/**
 * The wire format of attachment bytes between a desk and the head office: blobs are named by
 * their SHA-256, uploaded in chunks that can resume where an interrupted upload stopped, and
 * downloaded (with `Range`) by desks whose scope holds an attachment naming them.
 */

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The largest blob the server keeps: the desk's own limit for a photo. */
export const maxBlobBytes = maxAttachmentBytes;
/** The largest chunk one PUT may carry; the desk sends `blobChunkBytes`. */
export const maxBlobChunkBytes = 1024 * 1024;
export const blobChunkBytes = 256 * 1024;

export const BlobStatusRequest = z.object({ hashes: z.array(Sha256).min(1).max(500) });

export const BlobState = z.object({
  sha256: Sha256,
  /** complete: stored and verified; partial: `received` bytes so far; missing: nothing yet. */
  state: z.enum(['complete', 'partial', 'missing']),
  received: z.int().min(0),
});
export type BlobState = z.infer<typeof BlobState>;

export const BlobStatusResponse = z.object({ blobs: z.array(BlobState) });

/** `Content-Range: bytes <first>-<last>/<total>` of one uploaded chunk. */
export const ContentRange = z
  .string()
  .regex(/^bytes \d{1,12}-\d{1,12}\/\d{1,12}$/)
  .transform((header) => {
    const [first, last, total] = header.match(/\d+/g)!.map(Number) as [number, number, number];
    return { first, last, total };
  })
  .refine((r) => r.first <= r.last && r.last < r.total, { message: 'range' });

export const BlobUploadResponse = z.object({
  sha256: Sha256,
  received: z.int().min(0),
  complete: z.boolean(),
});
export type BlobUploadResponse = z.infer<typeof BlobUploadResponse>;
