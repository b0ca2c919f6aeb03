import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { electronSkipReason, projectRoot } from './electron-availability';

function run(script: string): void {
  const result = spawnSync('npm', ['run', script, '--if-present'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm run ${script} failed`);
}

/** Says once why the suite is skipped; otherwise builds whatever the app needs and is missing. */
export default function globalSetup(): void {
  if (electronSkipReason) {
    console.log(`Electron E2E skipped: ${electronSkipReason}`);
    return;
  }
  const built = (file: string) => fs.existsSync(path.join(projectRoot, file));
  if (!built('out/renderer/index.html')) run('build:renderer');
  if (!built('out/main/index.js') || !built('out/preload/index.cjs')) run('build:electron');
}
