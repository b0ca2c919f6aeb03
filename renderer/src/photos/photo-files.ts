import { attachmentKindOf, maxAttachmentBytes } from '../../../core/contract/attachments';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';

/**
 * A photo or a PDF chosen or taken at the counter, waiting to be kept with its order. A photo
 * has a preview; a PDF shows its name.
 */
export interface PendingPhoto {
  name: string;
  file: Blob;
  previewUrl: string;
  kind: 'photo' | 'document';
}

/** What the file picker offers: the types an order keeps. */
export const acceptedFiles = 'image/*,application/pdf';

/**
 * Refuses at once what the desk would refuse: a type an order does not keep, or a file larger
 * than it keeps. The desk checks the bytes themselves as well.
 */
export function photoProblem(file: Blob): AppError | null {
  if (!file.type.startsWith('image/') && !attachmentKindOf(file.type))
    return { code: 'unsupported_attachment' };
  if (file.size > maxAttachmentBytes) return { code: 'attachment_too_large' };
  return null;
}

export function pendingFile(name: string, file: Blob): PendingPhoto {
  return {
    name,
    file,
    previewUrl: URL.createObjectURL(file),
    kind: attachmentKindOf(file.type) === 'document' ? 'document' : 'photo',
  };
}

async function base64Of(file: Blob): Promise<string> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

/** Sends the files one by one; returns the first refusal, if any. */
export async function keepPhotos(
  orderId: string,
  photos: readonly { name: string; file: Blob }[],
): Promise<AppError | null> {
  for (const photo of photos) {
    const result = await api.addAttachment({
      orderId,
      name: photo.name,
      dataBase64: await base64Of(photo.file),
    });
    if (!result.ok) return result.error;
  }
  return null;
}
