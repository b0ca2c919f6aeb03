import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import afterPack, { packagedExecutable, type PackedApp } from '../../scripts/release/after-pack';
import { writeFakeElectronDist } from '../../scripts/release/fake-electron-dist';
import { tempDir } from '../support/desk';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function linuxApp(appOutDir: string): PackedApp {
  return {
    appOutDir,
    electronPlatformName: 'linux',
    packager: { appInfo: { productFilename: 'Sportello' }, executableName: 'sportello' },
  };
}

describe('fuses of a release build', () => {
  it('finds the packaged executable on every platform', () => {
    const app = linuxApp('/build/out');
    expect(packagedExecutable(app)).toBe(path.join('/build/out', 'sportello'));
    expect(packagedExecutable({ ...app, electronPlatformName: 'win32' })).toBe(
      path.join('/build/out', 'Sportello.exe'),
    );
    expect(packagedExecutable({ ...app, electronPlatformName: 'darwin' })).toBe(
      path.join('/build/out', 'Sportello.app'),
    );
  });

  it('turns off Node and debugging entry points and turns on asar integrity', async () => {
    const dir = tempDir('sportello-fuses-');
    folders.push(dir);
    const binary = writeFakeElectronDist(dir);
    fs.renameSync(binary, path.join(dir, 'sportello'));
    await afterPack(linuxApp(dir));
    const wire = await getCurrentFuseWire(path.join(dir, 'sportello'));
    const state = (fuse: FuseV1Options) => wire[fuse];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
  });
});
