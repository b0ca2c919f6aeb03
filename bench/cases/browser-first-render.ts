import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openDesk } from '../../core/runtime/desk';
import { startWebHost } from '../../core/web/host';
import { e2eAdmin, e2eSite } from '../../tests/e2e/people';
import type { BenchCase, Measurement } from '../types';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const rendererDir = path.join(projectRoot, 'out', 'renderer');
const chromiumPath = '/usr/bin/chromium';
const coldLoads = 10;
const seededOrders = 300;

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function ensureRendererBuilt(log: (message: string) => void) {
  if (fs.existsSync(path.join(rendererDir, 'index.html'))) return;
  log('building the renderer (out/renderer is missing)');
  execFileSync('npx', ['vite', 'build', '-c', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}

/** The desk as a site runs it: set up at first run, an admin signed in. Returns the session. */
async function setUpAndSignIn(desk: ReturnType<typeof openDesk>): Promise<string> {
  const setUp = await desk.callWithSession(undefined, 'setUpHeadOffice', {
    site: e2eSite,
    admin: e2eAdmin,
  });
  if (!setUp.ok) throw new Error(`set-up failed: ${JSON.stringify(setUp.error)}`);
  return (setUp.value as { token: string }).token;
}

async function seed(desk: ReturnType<typeof openDesk>, session: string) {
  for (let i = 0; i < seededOrders; i++) {
    const suffix = String(i).padStart(4, '0');
    const result = await desk.callWithSession(session, 'createIntake', {
      customer: { mode: 'new', name: `Cliente Prova ${suffix}`, phone: `+39 347 555 ${suffix}` },
      device: {
        mode: 'new',
        category: 'phone',
        brand: 'Samsung',
        model: 'Galaxy A54',
        serial: `SN${suffix}`,
      },
      complaint: 'Non si accende',
    });
    if (!result.ok) throw new Error(`seeding failed: ${JSON.stringify(result.error)}`);
  }
}

/**
 * Runs in the page before its scripts (as text: this file is compiled without DOM types): notes
 * the page's own clock, from navigation start, at the first frame after the navigation and a
 * recent-orders row are in the document, so the driver's polling is not what is measured.
 */
const recordShellVisible = `
  const observer = new MutationObserver(() => {
    if (!document.querySelector('nav') || !document.querySelector('tbody tr')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.shellVisibleAt = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
`;

/**
 * Browser mode, cold: a fresh browser context (empty cache, only the signed-in person's session in
 * the tab's storage) navigates to the printed
 * address, and the clock stops when the app shell (navigation and the reception's recent orders)
 * is on screen. The browser process itself is started once, outside the measurement.
 */
const browserFirstRender: BenchCase = {
  name: 'browser-first-render',
  description: `Browser mode: navigation until the app shell with recent orders is visible, ${coldLoads} cold loads, ${seededOrders} orders in the desk`,
  async run(ctx) {
    if (!fs.existsSync(chromiumPath)) throw new Error(`needs Chromium at ${chromiumPath}`);
    ensureRendererBuilt(ctx.log);
    const dataDir = path.join(ctx.scratchDir, 'browser-first-render');
    fs.mkdirSync(dataDir, { recursive: true });
    const desk = openDesk({ dataDir });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
    });
    const host = await startWebHost({ desk, staticDir: rendererDir });
    try {
      const session = await setUpAndSignIn(desk);
      await seed(desk, session);
      const samples: number[] = [];
      // One load first so the OS file cache and the server's JIT are not what is measured.
      for (let i = 0; i <= coldLoads; i++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        // The person is signed in (browser mode keeps the session per tab in sessionStorage).
        await context.addInitScript({
          content: `sessionStorage.setItem('sportello.session', ${JSON.stringify(session)});`,
        });
        await context.addInitScript({ content: recordShellVisible });
        const page = await context.newPage();
        await page.goto(host.url);
        const handle = await page.waitForFunction(
          () => (globalThis as { shellVisibleAt?: number }).shellVisibleAt,
        );
        const elapsed = (await handle.jsonValue()) as number;
        if (i > 0) samples.push(elapsed);
        await context.close();
      }
      const measurements: Measurement[] = [
        {
          metric: 'first render (cold context)',
          unit: 'ms',
          samples,
          target: { stat: 'p95', op: '<=', bound: 1500 },
          note: 'navigation start (page clock) until the frame after navigation and the first recent order are in the document',
        },
      ];
      return measurements;
    } finally {
      await browser.close();
      await host.close();
      desk.close();
    }
  },
};

export default browserFirstRender;
