// Run by main-bundle.test.ts as `node main-bundle-probe.ts out/main/index.js`: loads the built
// main bundle with `electron` resolved to the stand-in, and reports what it did as JSON.
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as FakeElectron from './fake-electron';

const fakeElectronUrl = new URL('./fake-electron.ts', import.meta.url).href;
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === 'electron'
      ? { url: fakeElectronUrl, shortCircuit: true }
      : next(specifier, context),
});

const fake = (await import(fakeElectronUrl)) as typeof FakeElectron;
await import(pathToFileURL(process.argv[2] ?? '').href);
await new Promise((resolve) => setTimeout(resolve, 200));

const window = fake.recorded.windows[0];
const listOrders = fake.recorded.ipcHandlers.get('sportello:listOrders');
const serve = fake.recorded.protocolHandlers.get('app');
const event = window && { sender: window.webContents, senderFrame: window.webContents.mainFrame };
const page = serve && (await serve(new Request('app://sportello/index.html')));
const report = {
  url: window?.webContents.getURL(),
  preload: window?.options.webPreferences?.preload,
  channels: [...fake.recorded.ipcHandlers.keys()],
  listOrders: listOrders && event ? await listOrders(event, {}) : undefined,
  page: page && { status: page.status, csp: page.headers.get('content-security-policy') },
};
fake.app.emit('will-quit');
process.stdout.write(`${JSON.stringify(report)}\n`);
