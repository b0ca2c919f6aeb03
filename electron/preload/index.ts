import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

// The method names are written in at build time from core/contract (electron.vite.config.ts),
// so the sandboxed preload needs no schema code and requires nothing but `electron`.
declare const __SPORTELLO_METHODS__: readonly string[];

contextBridge.exposeInMainWorld(
  'sportello',
  buildBridge(__SPORTELLO_METHODS__, (channel, input) => ipcRenderer.invoke(channel, input)),
);
