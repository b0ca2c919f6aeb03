import fs from 'node:fs';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

const defaultExecutable: Readonly<Record<string, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * Finds the Electron executable the way the `electron` package does, without requiring that
 * package (which tries to download the binary when it is missing). Returns the path, or the
 * reason there is none.
 */
export function findElectronBinary(
  projectRoot: string,
  env: Env = process.env,
  platform: string = process.platform,
): { path: string } | { missing: string } {
  const packageDir = path.join(projectRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  const executable = recorded || defaultExecutable[platform] || 'electron';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, executable);
    return fs.existsSync(candidate)
      ? { path: candidate }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${executable}` };
  }
  if (!recorded) return { missing: 'no Electron binary installed' };
  const candidate = path.join(packageDir, 'dist', recorded);
  return fs.existsSync(candidate)
    ? { path: candidate }
    : { missing: 'no Electron binary installed' };
}

/** Electron needs a display on Linux; macOS and Windows always have one. */
export function displayMissing(
  env: Env = process.env,
  platform: string = process.platform,
): boolean {
  return platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
}
