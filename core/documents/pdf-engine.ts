import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DocumentResources } from './resources';

let configuredFontsDir: string | null = null;

/**
 * pdfmake is one instance per process. Documents never fetch URLs, and may read files only
 * from the fonts folder: a view-model carrying a path or URL cannot make us read or send data.
 */
function configure(fontsDir: string): void {
  if (configuredFontsDir === fontsDir) return;
  const roboto = (file: string) => path.join(fontsDir, 'Roboto', file);
  pdfmake.setFonts({
    Roboto: {
      normal: roboto('Roboto-Regular.ttf'),
      bold: roboto('Roboto-Medium.ttf'),
      italics: roboto('Roboto-Italic.ttf'),
      bolditalics: roboto('Roboto-MediumItalic.ttf'),
    },
  });
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
