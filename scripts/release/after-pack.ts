// electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary, before
// signing. Node 24 loads this file directly (type stripping), so it uses erasable syntax only.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import path from 'node:path';

/** The fuse settings of every release build. */
export const releaseFuses = {
  // The binary must not double as a Node.js interpreter, nor take Node options or a debugger.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only the signed app.asar runs, and it is checked against its recorded hash.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  // The renderer is served on app://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** What the hook needs from electron-builder's AfterPackContext. */
export interface PackedApp {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** The packaged Electron executable (or .app bundle) whose fuses are flipped. */
export function packagedExecutable(app: PackedApp): string {
  const name = app.packager.appInfo.productFilename;
  switch (app.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(app.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(app.appOutDir, `${name}.exe`);
    default:
      return path.join(app.appOutDir, app.packager.executableName ?? name);
  }
}

export default async function afterPack(app: PackedApp): Promise<void> {
  const isMac = app.electronPlatformName === 'darwin' || app.electronPlatformName === 'mas';
  await flipFuses(packagedExecutable(app), {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature; arm64 Macs refuse to run it unsigned.
    resetAdHocDarwinSignature: isMac,
    ...releaseFuses,
  });
}
