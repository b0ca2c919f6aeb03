import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { displayMissing, findElectronBinary } from '../../scripts/electron-binary';
import { tempDir } from '../support/desk';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  folders.push(dir);
  return dir;
}

function projectWithElectron(options: { pathTxt?: string; binary?: string }): string {
  const root = scratch('sportello-electron-binary-');
  const packageDir = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(path.join(packageDir, 'dist'), { recursive: true });
  if (options.pathTxt) fs.writeFileSync(path.join(packageDir, 'path.txt'), options.pathTxt);
  if (options.binary) fs.writeFileSync(path.join(packageDir, 'dist', options.binary), '');
  return root;
}

describe('finding Electron without requiring the electron package', () => {
  it('uses the binary named in path.txt when it was downloaded', () => {
    const root = projectWithElectron({ pathTxt: 'electron', binary: 'electron' });
    expect(findElectronBinary(root, {}, 'linux')).toEqual({
      path: path.join(root, 'node_modules', 'electron', 'dist', 'electron'),
    });
  });

  it('says why when the package was installed without its binary', () => {
    expect(findElectronBinary(projectWithElectron({}), {}, 'linux')).toEqual({
      missing: 'no Electron binary installed',
    });
    expect(findElectronBinary(projectWithElectron({ pathTxt: 'electron' }), {}, 'linux')).toEqual({
      missing: 'no Electron binary installed',
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const dist = scratch('sportello-electron-dist-');
    fs.writeFileSync(path.join(dist, 'electron'), '');
    const root = projectWithElectron({});
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toEqual({
      path: path.join(dist, 'electron'),
    });
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'win32')).toMatchObject({
      missing: expect.stringContaining('electron.exe'),
    });
  });

  it('needs a display on Linux only', () => {
    expect(displayMissing({}, 'linux')).toBe(true);
    expect(displayMissing({ DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(displayMissing({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(false);
    expect(displayMissing({}, 'darwin')).toBe(false);
  });
});
