import path from 'node:path';
import { displayMissing, findElectronBinary } from '../../scripts/electron-binary';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

const binary = findElectronBinary(projectRoot);

/** The Electron executable, or undefined where none is installed (then the suite skips). */
export const electronExecutable = 'path' in binary ? binary.path : undefined;

/** Why the Electron E2E cannot run here, or undefined when it can. */
export const electronSkipReason =
  'missing' in binary
    ? `no Electron binary: ${binary.missing} (node_modules/electron/path.txt or ELECTRON_OVERRIDE_DIST_PATH)`
    : displayMissing()
      ? 'no display: DISPLAY and WAYLAND_DISPLAY are unset (try xvfb-run)'
      : undefined;
