import fs from 'node:fs';
import path from 'node:path';
import { maxAttachmentBytes } from '../contract/attachments';
import { DomainError } from '../contract/errors';

/**
 * Reads a photo or a PDF from disk for `addAttachment`: the size is checked from the file's
 * metadata first, so a 200 MB file is refused without being read.
 */
export function attachmentInputFromFile(orderId: string, file: string) {
  const stat = fs.statSync(file);
  if (stat.size > maxAttachmentBytes)
    throw new DomainError('attachment_too_large', { size: stat.size, maximum: maxAttachmentBytes });
  return {
    orderId,
    name: path.basename(file),
    dataBase64: fs.readFileSync(file).toString('base64'),
  };
}
