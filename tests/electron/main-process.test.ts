import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../core/contract/client';
import { shellMethodNames } from '../../electron/ipc-channels';
import { contentSecurityPolicy } from '../../electron/main/content-security-policy';
import { intakeInput, tempDir } from '../support/desk';
import { headOffice } from '../support/people';
import { app, recorded, type FakeBrowserWindow, type FakeWebContents } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const dataDir = tempDir('sportello-main-');
let window: FakeBrowserWindow;

beforeAll(async () => {
  process.env.SPORTELLO_DATA_DIR = dataDir;
  process.env.SPORTELLO_LOG_LEVEL = 'silent';
  await import('../../electron/main/index');
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
  window = recorded.windows[0]!;
});

afterAll(() => {
  app.emit('will-quit');
  delete process.env.SPORTELLO_DATA_DIR;
  delete process.env.SPORTELLO_LOG_LEVEL;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function eventFrom(contents: FakeWebContents, frame: Partial<FakeWebContents['mainFrame']> = {}) {
  return { sender: contents, senderFrame: { ...contents.mainFrame, ...frame } };
}

function call(method: string, event: unknown, input: unknown) {
  const handler = recorded.ipcHandlers.get(`sportello:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, input) as Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
}

function shell(name: string, event: unknown, input: unknown) {
  const handler = recorded.ipcHandlers.get(`sportello-shell:${name}`);
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(event, input) as Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
}

describe('the Electron main process, wired to a stand-in for Electron', () => {
  it('opens one isolated, sandboxed window on app://sportello with the bundled preload', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    // The renderers' V8 heap: a small young generation (core/runtime/v8-flags.ts).
    expect(recorded.switches.get('js-flags')).toBe('--max-semi-space-size=4');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(window.options.webPreferences?.preload)).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(window.webContents.getURL()).toBe('app://sportello/index.html');
    expect(recorded.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ secure: true }),
      }),
    ]);
  });

  it('keeps the desk database in the data folder it was given', () => {
    expect(fs.existsSync(path.join(dataDir, 'desk.sqlite'))).toBe(true);
  });

  it('binds exactly one IPC channel per contract method, and the shell’s printing calls', () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(
      [
        ...methodNames.map((m) => `sportello:${m}`),
        ...shellMethodNames.map((m) => `sportello-shell:${m}`),
      ].sort(),
    );
  });

  it('refuses the window everything but sign-in until someone signs in', async () => {
    const refused = await call('listOrders', eventFrom(window.webContents), {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const state = await call('getFirstRunState', eventFrom(window.webContents), {});
    expect(state).toMatchObject({ ok: true, value: { setUp: false } });
  });

  it('first-run setup signs the admin in for this window; the token stays in main', async () => {
    const reply = await call('setUpHeadOffice', eventFrom(window.webContents), headOffice);
    expect(reply).toMatchObject({ ok: true, value: { user: { login: 'marta' } } });
    expect('token' in (reply.value as object)).toBe(false);
    const me = await call('whoAmI', eventFrom(window.webContents), {});
    expect(me).toMatchObject({ ok: true, value: { user: { login: 'marta' } } });
  });

  it('takes an intake from the window and lists it back, through the real desk', async () => {
    const saved = await call('createIntake', eventFrom(window.webContents), intakeInput());
    expect(saved).toMatchObject({ ok: true, value: { number: expect.stringMatching(/^HQ01-/) } });
    const listed = await call('listOrders', eventFrom(window.webContents), {});
    expect(JSON.stringify(listed)).toContain('Giulia Bianchi');
  });

  it('seals an unlock code with a key only safeStorage can unwrap, and reads it back', async () => {
    const saved = await call(
      'createIntake',
      eventFrom(window.webContents),
      intakeInput({ unlock: { kind: 'pin', value: '2580' } }),
    );
    const orderId = (saved.value as { id: string }).id;
    expect(fs.existsSync(path.join(dataDir, 'keys', 'secret.key.protected'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'keys', 'secret.key'))).toBe(false);
    const revealed = await call('revealUnlockCode', eventFrom(window.webContents), { orderId });
    expect(revealed).toEqual({ ok: true, value: { kind: 'pin', value: '2580' } });
  });

  it('prints an order’s receipt from a hidden sandboxed window, silently on this PC’s printer', async () => {
    const saved = await call('createIntake', eventFrom(window.webContents), intakeInput());
    const order = saved.value as { id: string; number: string };
    const settings = {
      receipt: { printer: 'EPSON_TM_T20III', paper: '80mm' },
      label: { printer: null, paper: 'label_62x29' },
      a4: { printer: null },
    };
    expect(
      await call('updatePrinterSettings', eventFrom(window.webContents), settings),
    ).toMatchObject({ ok: true });
    const printers = await shell('listPrinters', eventFrom(window.webContents), {});
    expect(printers).toEqual({
      ok: true,
      value: [
        { name: 'EPSON_TM_T20III', displayName: 'EPSON TM-T20III' },
        { name: 'Brother_QL_820NWB', displayName: 'Brother QL-820NWB' },
      ],
    });
    const windowsBefore = recorded.windows.length;
    const printed = await shell('printDocument', eventFrom(window.webContents), {
      kind: 'order',
      orderId: order.id,
      document: 'intake_receipt',
      format: '80mm',
      lang: 'it',
    });
    expect(printed).toEqual({ ok: true, value: { printer: 'EPSON_TM_T20III', silent: true } });
    const printWindow = recorded.windows[windowsBefore]!;
    expect(printWindow.options).toMatchObject({ show: false });
    expect(printWindow.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      plugins: true,
    });
    expect(printWindow.options.webPreferences?.preload).toBeUndefined();
    expect(printWindow.isDestroyed()).toBe(true);
    const job = recorded.printed.at(-1)!;
    expect(job.url).toMatch(/^file:.*sportello-print-.*document\.pdf$/);
    expect(job.fileExisted).toBe(true);
    // The PDF is gone once printed.
    expect(fs.existsSync(new URL(job.url))).toBe(false);
    expect(job.options).toMatchObject({
      silent: true,
      deviceName: 'EPSON_TM_T20III',
      pageSize: { width: 80_000 },
      landscape: false,
      margins: { marginType: 'none' },
      copies: 1,
    });
    const detail = await call('getOrder', eventFrom(window.webContents), { id: order.id });
    expect(JSON.stringify(detail)).toContain('"kind":"print"');
  });

  it('refuses printing to a foreign sender, and a request that is not one', async () => {
    const stranger = new (await import('./fake-electron')).FakeWebContents();
    stranger.mainFrame.url = 'app://sportello/index.html';
    const request = { kind: 'test', format: 'a4', lang: 'en' };
    const count = recorded.printed.length;
    expect(await shell('printDocument', eventFrom(stranger), request)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await shell('listPrinters', eventFrom(stranger), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const bad = await shell('printDocument', eventFrom(window.webContents), {
      kind: 'file',
      path: '/etc/passwd',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(recorded.printed.length).toBe(count);
  });

  it('validates the input there too: a bad phone is refused and nothing is saved', async () => {
    const bad = intakeInput({ customer: { mode: 'new', name: 'Anna', phone: 'not a phone' } });
    const answer = await call('createIntake', eventFrom(window.webContents), bad);
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('refuses IPC from a subframe, another webContents or a foreign page', async () => {
    const stranger = new (await import('./fake-electron')).FakeWebContents();
    stranger.mainFrame.url = 'app://sportello/index.html';
    const refused = { ok: false, error: { code: 'forbidden' } };
    expect(await call('listOrders', eventFrom(stranger), {})).toMatchObject(refused);
    expect(
      await call('listOrders', eventFrom(window.webContents, { routingId: 999 }), {}),
    ).toMatchObject(refused);
    expect(
      await call('listOrders', eventFrom(window.webContents, { url: 'https://example.com/' }), {}),
    ).toMatchObject(refused);
  });

  it('stops navigation away and sends safe links to the system browser', () => {
    const navigate = (url: string) => {
      const event = {
        url,
        defaultPrevented: false,
        preventDefault: () => (event.defaultPrevented = true),
      };
      window.webContents.emit('will-navigate', event);
      return event.defaultPrevented;
    };
    expect(navigate('app://sportello/index.html#/orders')).toBe(false);
    expect(navigate('https://example.com/manual')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(recorded.openedExternally).toEqual(['https://example.com/manual']);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
  });

  it('denies permission requests by default', () => {
    const answers: boolean[] = [];
    const request = recorded.permissionRequest as unknown as (...args: unknown[]) => void;
    request(window.webContents, 'media', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'app://sportello/index.html',
    });
    expect(answers).toEqual([false]);
  });

  it('serves every response of app:// with the CSP, and nothing outside the renderer', async () => {
    const serve = recorded.protocolHandlers.get('app')!;
    const escape = await serve(new Request('app://sportello/assets/..%2f..%2f..%2fpackage.json'));
    expect(escape.status).toBeGreaterThanOrEqual(400);
    expect(escape.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const post = await serve(new Request('app://sportello/index.html', { method: 'POST' }));
    expect(post.status).toBe(405);
  });
});
