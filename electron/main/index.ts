import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import { DamagedDatabaseError } from '../../core/backup/integrity';
import { startBackupSchedule } from '../../core/backup/schedule';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { keepDeskSynced } from '../../core/sync/desk-sync';
import { createLogger } from '../../core/runtime/logger';
import { deskV8Flags } from '../../core/runtime/v8-flags';
import { protectedKeyProvider } from '../../core/security/protected-key';
import { bindContract, senderIsOurWindow } from './ipc';
import { safeStorageProtector } from './key-protector';
import { requestedDataDir } from './launch-options';
import { installAppMenu } from './menu';
import { bindAttachmentViewer, electronDocumentViewer } from './attachment-viewer';
import { bindPrinting, electronPrintDevices } from './printing';
import { registerAppScheme, serveRenderer } from './protocol';
import { guardSession, installSecurityGuards } from './security';
import { startupFailureMessage } from './startup-failure';
import { createMainWindow } from './window';

const log = createLogger({ name: 'sportello-desk' });
const builtDir = path.resolve(import.meta.dirname, '..');
const rendererDir = path.join(builtDir, 'renderer');
const preloadPath = path.join(builtDir, 'preload', 'index.cjs');
// Packaged: migrations ship as an extra resource; unpackaged: straight from the source tree.
const migrationsFolder = app.isPackaged
  ? path.join(process.resourcesPath, 'migrations')
  : path.resolve(builtDir, '..', 'core', 'db', 'migrations');

// With --data, Chromium's profile lives beside that database, so the single-instance lock
// below is per data folder: one process per desk database.
const requested = requestedDataDir(process.argv.slice(1), process.env, process.cwd());
app.setName('Sportello');
app.setPath(
  'userData',
  requested
    ? path.join(requested, 'electron-profile')
    : path.join(app.getPath('appData'), 'Sportello'),
);
const dataDir = requested ?? app.getPath('userData');

// The renderers' heap (before ready). The main process's V8 is already running here: it takes
// the flags only from Electron's own command line (see docs/decisions.md, Replication).
app.commandLine.appendSwitch('js-flags', deskV8Flags.join(' '));
registerAppScheme();
app.enableSandbox();
installSecurityGuards();
app.on('window-all-closed', () => app.quit());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => fail(error));
}

function start(): void {
  guardSession(session.defaultSession);
  serveRenderer(rendererDir);
  installAppMenu(process.platform === 'darwin');
  let desk: Desk;
  try {
    // Unlock codes are sealed with a key that safeStorage wraps (the OS keychain).
    const keyProvider = protectedKeyProvider(dataDir, safeStorageProtector(safeStorage));
    desk = openDesk({
      dataDir,
      migrationsFolder,
      logger: log,
      keyProvider,
      backgroundCheckpoints: true,
    });
  } catch (error) {
    fail(error);
    return;
  }
  let window: BrowserWindow | undefined;
  const calls = bindContract(desk, () => window);
  bindPrinting(
    calls,
    electronPrintDevices(() => window),
    (event) => senderIsOurWindow(event, window),
  );
  bindAttachmentViewer(
    calls,
    electronDocumentViewer(() => window),
    (event) => senderIsOurWindow(event, window),
  );
  const openWindow = (): void => {
    const opened = createMainWindow({ preloadPath, devTools: !app.isPackaged });
    const contentsId = opened.webContents.id;
    window = opened;
    opened.on('closed', () => {
      calls.forget(contentsId);
      window = undefined;
    });
  };
  const stopBackups = startBackupSchedule(desk, {
    onError: (error) => log.error({ err: error }, 'scheduled backup failed'),
  });
  const sync = keepDeskSynced(desk, { logger: log });
  app.on('will-quit', () => {
    stopBackups();
    void sync.stop();
    desk.close();
  });
  app.on('activate', () => window ?? openWindow());
  app.on('second-instance', () => {
    if (!window) return openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  openWindow();
  log.info({ site: desk.site.code }, 'desk opened');
  // A large file is checked after start: damage found then is reported as at start, and the
  // desk stops, so nothing more is written to a damaged file.
  void desk.integrity.then(({ damaged }) => {
    if (!damaged) return;
    stopBackups();
    desk.close();
    fail(damaged);
  });
}

function fail(error: unknown): void {
  log.error({ err: error }, 'desk failed to start');
  const message = startupFailureMessage(
    app.getLocale(),
    error instanceof DamagedDatabaseError ? error.wayBack : undefined,
  );
  dialog.showErrorBox(message.title, message.body);
  app.exit(1);
}
