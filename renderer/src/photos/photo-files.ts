import { maxAttachmentBytes } from '../../../core/contract/attachments';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';

/** A photo chosen or taken at the counter, waiting to be kept with its order. */
export interface PendingPhoto {
  name: string;
  file: Blob;
  previewUrl: string;
}

/** Refuses at once what the desk would refuse: not an image, or larger than it keeps. */
export function photoProblem(file: Blob): AppError | null {
  if (!file.type.startsWith('image/')) return { code: 'not_an_image' };
  if (file.size > maxAttachmentBytes) return { code: 'attachment_too_large' };
  return null;
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

/** Sends the photos one by one; returns the first refusal, if any. */
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
