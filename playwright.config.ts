import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium; Playwright's own browser download is skipped on these machines. */
const chromiumPath = '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  // CI must fail, not skip, when the browser tests cannot run.
  throw new Error(`Browser tests need Chromium at ${chromiumPath} (apt-get install -y chromium).`);
}

// Another port lets several worktrees run their browser tests side by side.
export const e2ePort = Number(process.env.SPORTELLO_E2E_PORT ?? 4792);
export const e2eToken = 'e2e-token-not-secret';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  // Two cores shared with others: one browser at a time, and the tests share one desk.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${e2ePort}`,
    locale: 'en-US',
    timezoneId: 'Europe/Rome',
    viewport: { width: 1366, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // Builds the renderer, then serves it with a fresh desk in a temp folder (removed on exit).
    command: 'npm run build:renderer && tsx tests/e2e/serve.ts',
    url: `http://127.0.0.1:${e2ePort}/index.html`,
    env: { SPORTELLO_WEB_TOKEN: e2eToken, SPORTELLO_E2E_PORT: String(e2ePort) },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
