import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * `npm run server -- --data DIR …` as an operator runs it, on a PGlite head office in `dataDir`,
 * in English unless `env` says otherwise (`SPORTELLO_LANG: ''` and a `LANG` for a terminal's
 * locale).
 */
export function serverCli(dataDir: string, env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--data', dataDir, ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', SPORTELLO_LANG: 'en', ...env },
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
