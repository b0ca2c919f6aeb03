import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Node's import.meta.dirname: the config runs in Node even though it lives beside the DOM code.
const rendererRoot = import.meta.dirname;

/** The renderer alone: loaded from `app://` in Electron and from 127.0.0.1 in browser mode. */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${rendererRoot}/../out/renderer`,
    emptyOutDir: true,
    // One entry script and no inline module-preload polyfill: the CSP allows only 'self' scripts.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
