import type { AttachmentMime } from '../contract/attachments';

const heicBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * What the first bytes say the file is; null when it is nothing an order keeps. A PDF must
 * start with its header: readers tolerate up to a kilobyte before it, which is also how a file
 * of another type passes for a PDF, so that tolerance is not given.
 */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentMime | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg';
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && heicBrands.has(ascii(8, 12)))
    return 'image/heic';
  if (bytes.length >= 8 && /^%PDF-[12]\.\d/.test(ascii(0, 8))) return 'application/pdf';
  return null;
}
