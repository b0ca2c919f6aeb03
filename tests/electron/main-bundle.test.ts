import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../core/contract/client';
import { shellMethodNames } from '../../electron/ipc-channels';
import { contentSecurityPolicy } from '../../electron/main/content-security-policy';
import { tempDir } from '../support/desk';

const root = path.resolve(import.meta.dirname, '..', '..');
const rendererPage = path.join(root, 'out', 'renderer', 'index.html');
const dataDir = tempDir('sportello-bundle-');
let placedPage = false;

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:electron'], { cwd: root, stdio: 'pipe' });
  if (!fs.existsSync(rendererPage)) {
    fs.mkdirSync(path.dirname(rendererPage), { recursive: true });
    fs.writeFileSync(rendererPage, '<!doctype html><title>Sportello</title>');
    placedPage = true;
  }
}, 120_000);

afterAll(() => {
  if (placedPage) fs.rmSync(path.dirname(rendererPage), { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the built main process (out/main/index.js) under a stand-in for Electron', () => {
  it('loads its externals, finds the migrations and the preload, and serves the app', () => {
    const output = execFileSync(
      process.execPath,
      [
        path.join(import.meta.dirname, 'main-bundle-probe.ts'),
        path.join(root, 'out', 'main', 'index.js'),
      ],
      {
        cwd: root,
        env: { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_LOG_LEVEL: 'silent' },
      },
    ).toString();
    const report = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
    expect(report.url).toBe('app://sportello/index.html');
    expect(report.preload).toBe(path.join(root, 'out', 'preload', 'index.cjs'));
    expect(fs.existsSync(report.preload)).toBe(true);
    expect(report.channels.sort()).toEqual(
      [
        ...methodNames.map((m) => `sportello:${m}`),
        ...shellMethodNames.map((m) => `sportello-shell:${m}`),
      ].sort(),
    );
    // The desk answered through the bundle: no one is signed in, so the call is refused.
    expect(report.listOrders).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(report.page).toEqual({ status: 200, csp: contentSecurityPolicy });
    expect(fs.existsSync(path.join(dataDir, 'desk.sqlite'))).toBe(true);
  });
});
