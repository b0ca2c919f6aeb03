import os from 'node:os';
import path from 'node:path';

/**
 * Where the desk keeps its database and attachments: `--data DIR`, else SPORTELLO_DATA_DIR,
 * else the per-user application-data folder of the operating system.
 */
export function resolveDataDir(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.SPORTELLO_DATA_DIR) return path.resolve(process.env.SPORTELLO_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Sportello');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Sportello');
    default:
      return path.join(
        process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'),
        'sportello',
      );
  }
}
