import fs from 'node:fs';
import path from 'node:path';

const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron 45's fuse wire as shipped: RunAsNode, cookie encryption off, NODE_OPTIONS and
 * --inspect on, asar integrity and asar-only off, V8 snapshot off, file:// privileges on,
 * wasm trap handlers on ('1' = enabled, '0' = disabled).
 */
export const shippedFuseWire = '101100011';

/**
 * A stand-in for an unpacked Linux Electron distribution: no Chromium inside, only the fuse
 * wire @electron/fuses edits. Lets packaging and the fuse hook be checked where the real
 * Electron zip cannot be downloaded.
 */
export function writeFakeElectronDist(dir: string, wire = shippedFuseWire): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const binary = path.join(dir, 'electron');
  const header = Buffer.from([1, wire.length]);
  fs.writeFileSync(
    binary,
    Buffer.concat([
      Buffer.from('#!/bin/sh\n# '),
      Buffer.from(fuseSentinel),
      header,
      Buffer.from(`${wire}\n`),
    ]),
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in for Electron’s licence\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
  fs.writeFileSync(path.join(dir, 'version'), '45.5.0');
  return binary;
}
