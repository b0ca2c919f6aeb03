import { _electron, test, type ElectronApplication, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronExecutable, electronSkipReason, projectRoot } from './electron-availability';

export interface RunningDesk {
  app: ElectronApplication;
  window: Page;
  close(): Promise<void>;
}

/** Starts the built desk in Electron on a fresh data folder, as a counter PC would. */
export async function launchDesk(): Promise<RunningDesk> {
  if (!electronExecutable) throw new Error('launchDesk needs an Electron binary');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-electron-'));
  const args = [path.join(projectRoot, 'out', 'main', 'index.js'), '--data', dataDir];
  // Chromium refuses to run as root with its OS sandbox (CI containers); renderers keep
  // `sandbox: true` regardless.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await _electron.launch({
    executablePath: electronExecutable,
    args,
    cwd: projectRoot,
    env: env as Record<string, string>,
  });
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  return {
    app,
    window,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One desk app for the spec file, started before its tests and closed after them; the file's
 * tests are skipped, saying why, where no Electron binary exists. Returns the running desk.
 */
export function deskAppForFile(): () => RunningDesk {
  test.skip(electronSkipReason !== undefined, electronSkipReason ?? '');
  let desk: RunningDesk | undefined;
  test.beforeAll(async () => {
    desk = await launchDesk();
  });
  test.afterAll(async () => {
    await desk?.close();
  });
  return () => desk!;
}
