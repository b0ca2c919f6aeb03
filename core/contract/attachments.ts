import { z } from 'zod';
import { Id, requiredText } from './common';
import { method } from './define';
import { everyone } from './roles';

/** The largest file kept: a phone's full-resolution JPEG or HEIC, or a scanned receipt, is under it. */
export const maxAttachmentBytes = 15 * 1024 * 1024;

/**
 * What an order keeps, by type: photos of the device, and PDF documents (the customer's proof
 * of purchase for a warranty claim, a partner workshop's report). Anything else is refused at
 * the desk and, pushed by a desk that let it through, at the head office.
 */
export const attachmentKinds = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/webp': 'photo',
  'image/heic': 'photo',
  'application/pdf': 'document',
} as const;
export type AttachmentMime = keyof typeof attachmentKinds;
export type AttachmentKind = (typeof attachmentKinds)[AttachmentMime];

/** The kind a file of this type is kept as; undefined for a type an order does not keep. */
export function attachmentKindOf(mime: string): AttachmentKind | undefined {
  return Object.hasOwn(attachmentKinds, mime) ? attachmentKinds[mime as AttachmentMime] : undefined;
}

export const AttachmentInfo = z.object({
  id: Id,
  orderId: Id,
  sha256: z.string(),
  mime: z.string(),
  size: z.int(),
  name: z.string(),
  kind: z.enum(['photo', 'document']),
  createdAt: z.int(),
});

export const attachmentMethods = {
  addAttachment: method({
    summary:
      'Keep a photo of the device (JPEG, PNG, WebP or HEIC) or a PDF document with its order, at most 15 MB.',
    kind: 'mutation',
    input: z.object({
      orderId: Id,
      name: requiredText(200),
      // Base64 of at most 15 MB; anything longer is refused before it is decoded.
      dataBase64: z
        .string()
        .refine((data) => data.length <= Math.ceil(maxAttachmentBytes / 3) * 4, {
          params: { code: 'attachment_too_large' },
          abort: true,
        }),
    }),
    output: AttachmentInfo,
    roles: everyone,
  }),
  listAttachments: method({
    summary: "An order's photos and documents, oldest first.",
    kind: 'query',
    input: z.object({ orderId: Id }),
    output: z.array(AttachmentInfo),
    roles: everyone,
  }),
  getAttachment: method({
    summary: 'One photo or document with its bytes (base64).',
    kind: 'query',
    input: z.object({ id: Id }),
    output: AttachmentInfo.extend({ dataBase64: z.string() }),
    roles: everyone,
  }),
};
