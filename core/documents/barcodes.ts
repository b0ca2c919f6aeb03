import { toSVG } from 'bwip-js/node';
import type { ContentQr, ContentSvg } from 'pdfmake/interfaces';

/** A Code128 barcode as vector SVG, stretched to the box it is given (bars stay sharp at any size). */
export function code128(text: string, box: { width: number; height: number }): ContentSvg {
  const svg = toSVG({ bcid: 'code128', text, height: 10, includetext: false, paddingwidth: 0 });
  return { svg, width: box.width, height: box.height };
}

/** The QR's content: the order number, or the status page when the site has one. */
export function statusQrContent(orderNumber: string, statusUrlTemplate?: string | null): string {
  if (!statusUrlTemplate) return orderNumber;
  return statusUrlTemplate.replaceAll('{number}', encodeURIComponent(orderNumber));
}

export function qrCode(content: string, size: number): ContentQr {
  return { qr: content, fit: size, eccLevel: 'M', margin: 0 };
}
