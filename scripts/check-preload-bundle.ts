// A sandboxed preload can require only `electron` (and a few Node shims); anything else
// fails at run time in the renderer. Checked after every `npm run build:electron`.
import fs from 'node:fs';
import path from 'node:path';

const preloadDir = path.resolve(import.meta.dirname, '..', 'out', 'preload');
const files = fs.readdirSync(preloadDir, { recursive: true }).map(String);
const problems: string[] = [];
if (files.length !== 1 || files[0] !== 'index.cjs') {
  problems.push(`expected only index.cjs in out/preload, found: ${files.join(', ')}`);
}
const source = fs.readFileSync(path.join(preloadDir, 'index.cjs'), 'utf8');
const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
const foreign = required.filter((name) => name !== 'electron');
if (foreign.length > 0) problems.push(`the preload requires ${foreign.join(', ')}`);
if (/^\s*(import|export)\s/m.test(source)) problems.push('the preload is not CommonJS');
if (problems.length > 0) {
  console.error(`out/preload/index.cjs cannot run sandboxed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('preload: one CommonJS file, requires only electron');
