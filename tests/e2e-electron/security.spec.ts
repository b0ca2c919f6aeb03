import { expect, test } from '@playwright/test';
import path from 'node:path';
import { methodNames } from '../../core/contract/client';
import { shellMethodNames } from '../../electron/ipc-channels';
import { contentSecurityPolicy } from '../../electron/main/content-security-policy';
import { launchDesk, type RunningDesk } from './desk-app';
import { electronSkipReason, projectRoot } from './electron-availability';

test.skip(electronSkipReason !== undefined, electronSkipReason ?? '');

let desk: RunningDesk;
test.beforeAll(async () => {
  desk = await launchDesk();
  // Record what would go to the system browser instead of opening one.
  await desk.app.evaluate(({ shell }) => {
    const opened: string[] = [];
    Object.assign(globalThis, { openedExternally: opened });
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
});
test.afterAll(async () => {
  await desk?.close();
});

const openedExternally = () =>
  desk.app.evaluate(
    () => (globalThis as unknown as { openedExternally: string[] }).openedExternally,
  );

test('the page has no Node and sees only the contract methods', async () => {
  const globals = await desk.window.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    bridge: Object.keys((globalThis as unknown as { sportello: object }).sportello).sort(),
  }));
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  expect(globals.bridge).toEqual([...methodNames, ...shellMethodNames].sort());
});

test('every response of the app carries the strict CSP, errors included', async () => {
  const headers = await desk.window.evaluate(async () => {
    const page = await fetch('app://sportello/index.html');
    const missing = await fetch('app://sportello/no-such-file.png');
    return [
      page.headers.get('content-security-policy'),
      missing.headers.get('content-security-policy'),
    ];
  });
  expect(headers).toEqual([contentSecurityPolicy, contentSecurityPolicy]);
});

test('files outside the renderer folder cannot be read', async () => {
  const outcomes = (await desk.window.evaluate(`Promise.all(
    [
      'app://sportello/assets/..%2f..%2f..%2fpackage.json',
      'app://sportello/%2e%2e/%2e%2e/core/db/migrations/0000_init.sql',
      'app://elsewhere/index.html',
    ].map((url) => fetch(url).then((r) => r.status, () => 'blocked')),
  )`)) as (number | 'blocked')[];
  for (const outcome of outcomes) {
    expect(outcome === 'blocked' || outcome >= 400).toBe(true);
  }
});

test('navigating away is refused and the link goes to the system browser', async () => {
  const before = desk.window.url();
  await desk.window.evaluate("window.location.href = 'https://example.com/manual'");
  await desk.window.waitForTimeout(500);
  expect(desk.window.url()).toBe(before);
  expect(await openedExternally()).toContain('https://example.com/manual');
});

test('new windows are denied; only safe links leave the app', async () => {
  await desk.window.evaluate(`
    window.open('https://example.com/help');
    window.open('file:///etc/passwd');
    window.open('javascript:alert(1)');
  `);
  await desk.window.waitForTimeout(500);
  expect(desk.app.windows()).toHaveLength(1);
  const opened = await openedExternally();
  expect(opened).toContain('https://example.com/help');
  expect(opened.some((url) => url.startsWith('file:') || url.startsWith('javascript:'))).toBe(
    false,
  );
});

test('permission requests are denied by default', async () => {
  const answers = (await desk.window.evaluate(`(async () => ({
    notifications: await Notification.requestPermission(),
    camera: await navigator.mediaDevices
      .getUserMedia({ video: true })
      .then(() => 'granted')
      .catch((error) => error.name),
  }))()`)) as { notifications: string; camera: string };
  expect(answers.notifications).toBe('denied');
  expect(answers.camera).not.toBe('granted');
});

test('IPC from another window is refused even with our preload', async () => {
  const preload = path.join(projectRoot, 'out', 'preload', 'index.cjs');
  const result = await desk.app.evaluate(async ({ BrowserWindow }, preload) => {
    const intruder = new BrowserWindow({
      show: false,
      webPreferences: { preload, sandbox: true, contextIsolation: true },
    });
    await intruder.loadURL('app://sportello/index.html');
    const answer: unknown = await intruder.webContents.executeJavaScript(
      'window.sportello.listOrders({})',
    );
    intruder.destroy();
    return answer;
  }, preload);
  expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});
