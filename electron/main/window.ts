import { BrowserWindow } from 'electron';
import { appEntryUrl } from './app-url';

/**
 * The desk's one window. Every security option is spelled out, defaults included, so a
 * reader (and electronegativity) sees the renderer is isolated, sandboxed and Node-free.
 */
export function createMainWindow(options: {
  preloadPath: string;
  devTools: boolean;
}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sportello',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would try to open links in new windows; there are none to open.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}
