import { defineConfig } from '@playwright/test';

/** The real desk in Electron; every test skips, with the reason printed, where Electron cannot run. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: '../../test-results/e2e-electron',
});
