import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { tempDir } from '../support/desk';

/**
 * Bundles a crash child once, so each of the many restarts costs a plain `node` start, not a
 * TypeScript loader. Returns the bundle's path; remove its folder when done.
 */
export async function bundleChild(entry: string): Promise<string> {
  const out = path.join(tempDir('sportello-crash-child-'), `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: ['better-sqlite3', '@node-rs/argon2', 'pino'],
    // CommonJS packages in the bundle (pdfkit) require Node built-ins: give the ESM bundle a require.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    outfile: out,
    logLevel: 'error',
  });
  fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(out), 'node_modules'));
  return out;
}
