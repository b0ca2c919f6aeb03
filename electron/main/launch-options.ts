import path from 'node:path';

/**
 * The data folder asked for on the command line (`--data DIR` or `--data=DIR`), else from
 * SPORTELLO_DATA_DIR; undefined means the app's own user-data folder.
 */
export function requestedDataDir(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data') {
      const next = argv[i + 1];
      if (next && !next.startsWith('--')) return path.resolve(cwd, next);
    } else if (arg?.startsWith('--data=') && arg.length > '--data='.length) {
      return path.resolve(cwd, arg.slice('--data='.length));
    }
  }
  return env.SPORTELLO_DATA_DIR ? path.resolve(cwd, env.SPORTELLO_DATA_DIR) : undefined;
}
