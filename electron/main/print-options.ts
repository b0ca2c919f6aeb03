import type { PaperFormat } from '../../core/contract/documents';

/** A page size in PDF points (1/72 inch). */
export interface PointSize {
  width: number;
  height: number;
}

/** What `webContents.print` is given; the subset of Electron's options the desk decides. */
export interface DeskPrintOptions {
  silent: boolean;
  deviceName?: string;
  /** Microns, always with the shorter side as width: orientation goes in `landscape`. */
  pageSize: { width: number; height: number };
  landscape: boolean;
  margins: { marginType: 'none' };
  printBackground: true;
  copies: number;
}

const micronsPerPoint = 25_400 / 72;
/** Chromium refuses a custom size under 353 microns on a side. */
const smallestSide = 353;

/**
 * The size of the first page of a PDF, from its /MediaBox. pdfkit (under pdfmake) writes page
 * dictionaries uncompressed, so the box is plain text; the roll's height is only known here.
 */
export function pdfPageSize(pdf: Uint8Array): PointSize | undefined {
  const head = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const box = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(head);
  if (!box) return undefined;
  const [x0, y0, x1, y1] = box.slice(1).map(Number) as [number, number, number, number];
  const width = Math.abs(x1 - x0);
  const height = Math.abs(y1 - y0);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * How one document goes to the printer. Always an explicit page size taken from the PDF
 * itself, so a roll or a label printer is never sent the driver's default A4. A configured
 * printer prints silently; without one the system dialog asks where (and shows a preview).
 * Labels are wider than tall: Chromium expects the paper in portrait with `landscape: true`
 * (a wide custom size is otherwise rotated or replaced by the driver's default). The 80 mm
 * roll is always portrait, however short the receipt: its height is at least its width.
 * No margins: the documents carry their own, sized for each paper.
 */
export function printOptionsFor(request: {
  format: PaperFormat;
  printer: string | null;
  page: PointSize;
  copies: number;
}): DeskPrintOptions {
  const { format, printer, page } = request;
  // To the tenth of a millimetre: PDF points carry rounding (A4 is 595.28 pt = 210.002 mm).
  const toMicrons = (points: number) =>
    Math.max(smallestSide, Math.round((points * micronsPerPoint) / 100) * 100);
  const landscape = format.startsWith('label_') && page.width > page.height;
  const height = format === '80mm' ? Math.max(page.height, page.width) : page.height;
  const shortSide = toMicrons(Math.min(page.width, height));
  const longSide = toMicrons(Math.max(page.width, height));
  return {
    silent: printer !== null,
    ...(printer !== null ? { deviceName: printer } : {}),
    pageSize: { width: shortSide, height: longSide },
    landscape,
    margins: { marginType: 'none' },
    printBackground: true,
    copies: request.copies,
  };
}
