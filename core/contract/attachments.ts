import { z } from 'zod';
import { Id, requiredText } from './common';
import { method } from './define';
import { everyone } from './roles';

/** The largest photo kept: a phone's full-resolution JPEG or HEIC is well under it. */
export const maxAttachmentBytes = 15 * 1024 * 1024;

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
    summary: 'Keep a photo of the device with its order (JPEG, PNG, WebP or HEIC, at most 15 MB).',
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
    summary: "An order's photos, oldest first.",
    kind: 'query',
    input: z.object({ orderId: Id }),
    output: z.array(AttachmentInfo),
    roles: everyone,
  }),
  getAttachment: method({
    summary: 'One photo with its bytes (base64).',
    kind: 'query',
    input: z.object({ id: Id }),
    output: AttachmentInfo.extend({ dataBase64: z.string() }),
    roles: everyone,
  }),
};
