// A stand-in for the `electron` module (no Electron binary exists here), recording what the
// main process asks of it so its wiring can be checked under vitest.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';

type Listener = (...args: never[]) => unknown;

export const recorded = {
  appListeners: new Map<string, Listener[]>(),
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  ipcHandlers: new Map<string, (event: unknown, input: unknown) => unknown>(),
  windows: [] as FakeBrowserWindow[],
  permissionRequest: undefined as undefined | Listener,
  permissionCheck: undefined as undefined | Listener,
  openedExternally: [] as string[],
  sandboxEnabled: false,
  /** Every `webContents.print` call: the options, and the URL the window showed then. */
  printed: [] as { options: Record<string, unknown>; url: string; fileExisted: boolean }[],
  /** What the next `print` calls answer (success, failure reason); shifted per call. */
  printAnswers: [] as [boolean, string][],
  printers: [
    { name: 'EPSON_TM_T20III', displayName: 'EPSON TM-T20III', description: '', options: {} },
    { name: 'Brother_QL_820NWB', displayName: 'Brother QL-820NWB', description: '', options: {} },
  ],
  switches: new Map<string, string>(),
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame = { processId: 4, routingId: this.id * 10, parent: null, url: '' };
  windowOpenHandler: undefined | ((details: { url: string }) => { action: string });
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  async getPrintersAsync() {
    return recorded.printers;
  }
  print(
    options: Record<string, unknown>,
    callback: (success: boolean, failureReason: string) => void,
  ): void {
    const url = this.mainFrame.url;
    const fileExisted = url.startsWith('file:') && fs.existsSync(new URL(url));
    recorded.printed.push({ options, url, fileExisted });
    const [success, reason] = recorded.printAnswers.shift() ?? [true, ''];
    setImmediate(() => callback(success, reason));
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly options: { webPreferences?: Record<string, unknown> };
  constructor(options: { webPreferences?: Record<string, unknown> }) {
    super();
    this.options = options;
    recorded.windows.push(this);
    emitApp('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
  }
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

function emitApp(event: string, ...args: unknown[]): void {
  for (const listener of recorded.appListeners.get(event) ?? []) {
    (listener as (...a: unknown[]) => unknown)(...args);
  }
}

const paths = new Map<string, string>([['appData', os.tmpdir()]]);

export const app = {
  isPackaged: false,
  setName(): void {},
  setPath(name: string, value: string): void {
    paths.set(name, value);
  },
  getPath(name: string): string {
    return paths.get(name) ?? os.tmpdir();
  },
  getLocale: () => 'it-IT',
  commandLine: {
    appendSwitch(name: string, value = ''): void {
      recorded.switches.set(name, value);
    },
  },
  enableSandbox(): void {
    recorded.sandboxEnabled = true;
  },
  on(event: string, listener: Listener) {
    recorded.appListeners.set(event, [...(recorded.appListeners.get(event) ?? []), listener]);
    return app;
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit(): void {},
  exit(code: number): void {
    throw new Error(`app.exit(${code})`);
  },
  emit: emitApp,
};

export const BrowserWindow = FakeBrowserWindow;

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel: string, handler: (event: unknown, input: unknown) => unknown): void {
    recorded.ipcHandlers.set(channel, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Listener): void {
      recorded.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: Listener): void {
      recorded.permissionCheck = handler;
    },
  },
};

export const shell = {
  async openExternal(url: string): Promise<void> {
    recorded.openedExternally.push(url);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu(): void {},
};

export const dialog = {
  showErrorBox(title: string, body: string): void {
    throw new Error(`${title}: ${body}`);
  },
};

/** A stand-in keychain: reversible, marked, and switchable off like a Linux desk without a keyring. */
export const safeStorage = {
  available: true,
  isEncryptionAvailable(): boolean {
    return safeStorage.available;
  },
  encryptString(plainText: string): Buffer {
    if (!safeStorage.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('fake-keychain:'), Buffer.from(plainText).reverse()]);
  },
  decryptString(encrypted: Buffer): string {
    if (!safeStorage.available) throw new Error('Decryption is not available.');
    const marker = Buffer.from('fake-keychain:');
    if (!encrypted.subarray(0, marker.length).equals(marker)) throw new Error('not ours');
    return Buffer.from(encrypted.subarray(marker.length)).reverse().toString();
  },
};
