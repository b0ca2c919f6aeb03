import fs from 'node:fs';
import path from 'node:path';
import { bundleForNode } from '../../scripts/node-bundle';
import { tempDir } from '../support/desk';

/**
 * Bundles a crash child once, so each of the many restarts costs a plain `node` start, not a
 * TypeScript loader. Returns the bundle's path; remove its folder when done.
 */
export async function bundleChild(entry: string): Promise<string> {
  const out = path.join(tempDir('sportello-crash-child-'), `${path.basename(entry, '.ts')}.mjs`);
  await bundleForNode(entry, out);
  fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(out), 'node_modules'));
  return out;
}
