import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where printed documents find their fonts, legal texts and translations. */
export interface DocumentResources {
  root: string;
  fontsDir: string;
  legalDir: string;
  translationsDir: string;
}

/**
 * The `resources/` folder: given explicitly (Electron passes the folder it ships outside
 * asar), else SPORTELLO_RESOURCES_DIR, else the repository's own `resources/`.
 */
export function documentResources(root?: string): DocumentResources {
  const resolved = path.resolve(
    root ??
      process.env.SPORTELLO_RESOURCES_DIR ??
      fileURLToPath(new URL('../../resources/', import.meta.url)),
  );
  return {
    root: resolved,
    fontsDir: path.join(resolved, 'fonts'),
    legalDir: path.join(resolved, 'legal'),
    translationsDir: path.join(resolved, 'i18n', 'documents'),
  };
}
