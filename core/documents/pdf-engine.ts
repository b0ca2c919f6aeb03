import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DocumentResources } from './resources';

/** pdfmake's in-memory file system (present in its Node build, missing from its typings). */
interface VirtualFileSystem {
  writeFileSync(name: string, content: Buffer): void;
}
const virtualfs = (pdfmake as unknown as { virtualfs: VirtualFileSystem }).virtualfs;

const fontFiles = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

const layoutTables = new Set(['GPOS', 'GSUB', 'GDEF']);

/**
 * A copy of a TrueType font whose OpenType layout tables are hidden (their tags renamed).
 * pdfkit parses every font afresh for every document, and decoding Roboto's GPOS (35 KB of
 * kerning pairs) and shaping each word with it took over half of a receipt's render time
 * (64 → 28 ms CPU). Latin with accents and Cyrillic need no shaping: their letters are
 * precomposed glyphs. The cost is kerning, which a receipt does not need. The files in
 * resources/fonts stay as shipped; the embedded subset never contains the hidden tables.
 */
export function withoutLayoutTables(font: Buffer): Buffer {
  const copy = Buffer.from(font);
  const tableCount = copy.readUInt16BE(4);
  for (let i = 0; i < tableCount; i++) {
    const at = 12 + 16 * i;
    if (layoutTables.has(copy.toString('latin1', at, at + 4))) copy.write('x', at, 'latin1');
  }
  return copy;
}

let configuredFontsDir: string | null = null;

/**
 * pdfmake is one instance per process. Documents never fetch URLs and may read files only
 * from the fonts folder (in practice none: the fonts are read once, here, into memory), so
 * a view-model carrying a path or URL cannot make a document read or send anything.
 */
function configure(fontsDir: string): void {
  if (configuredFontsDir === fontsDir) return;
  const fonts: Record<string, string> = {};
  for (const [style, file] of Object.entries(fontFiles)) {
    const fontPath = path.join(fontsDir, 'Roboto', file);
    virtualfs.writeFileSync(fontPath, withoutLayoutTables(fs.readFileSync(fontPath)));
    fonts[style] = fontPath;
  }
  pdfmake.setFonts({ Roboto: fonts });
  pdfmake.setUrlAccessPolicy(() => false);
  const allowedPrefix = fontsDir + path.sep;
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(allowedPrefix));
  configuredFontsDir = fontsDir;
}

/** Lays out and renders a document definition to the bytes of a PDF. */
export async function renderPdf(
  definition: TDocumentDefinitions,
  resources: DocumentResources,
): Promise<Buffer> {
  configure(resources.fontsDir);
  return pdfmake.createPdf(definition).getBuffer();
}
