// `npm run test:packaging`: packs the desk with electron-builder against a stand-in Electron
// (the real zip cannot be downloaded here) and checks what a release would contain.
import { listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { releaseFuses } from './after-pack';
import { writeFakeElectronDist } from './fake-electron-dist';

const root = path.resolve(import.meta.dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-packaging-'));
const problems: string[] = [];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

try {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'index.js'))) {
    run('npm', ['run', 'build:electron']);
  }
  writeFakeElectronDist(path.join(work, 'electron-dist'));
  const output = path.join(work, 'packed');
  run(path.join(root, 'node_modules', '.bin', 'electron-builder'), [
    '--config',
    'electron-builder.yml',
    '--linux',
    '--dir',
    `-c.electronDist=${path.join(work, 'electron-dist')}`,
    `-c.directories.output=${output}`,
  ]);
  const app = path.join(output, 'linux-unpacked');
  const resources = path.join(app, 'resources');
  const wire = await getCurrentFuseWire(path.join(app, 'sportello'));
  for (const [fuse, enabled] of Object.entries(releaseFuses)) {
    const expected = enabled ? FuseState.ENABLE : FuseState.DISABLE;
    const actual = wire[Number(fuse) as FuseV1Options];
    if (actual !== expected) problems.push(`fuse ${FuseV1Options[Number(fuse)]} is ${actual}`);
  }
  const packed = new Set(listPackage(path.join(resources, 'app.asar'), { isPack: false }));
  for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs']) {
    if (!packed.has(file)) problems.push(`app.asar lacks ${file}`);
  }
  if (!fs.existsSync(path.join(resources, 'migrations', 'meta', '_journal.json'))) {
    problems.push('the migrations are not shipped in resources/migrations');
  }
  const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
  const nativeModules = fs.existsSync(unpacked)
    ? fs
        .readdirSync(unpacked, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.node'))
    : [];
  if (nativeModules.length === 0) problems.push('better-sqlite3 is not unpacked from the asar');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`packaging check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  'packaging: fuses flipped, app files in app.asar, migrations and better-sqlite3 outside',
);
