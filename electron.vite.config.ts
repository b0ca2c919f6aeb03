import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { methodNames } from './core/contract/client';

const root = import.meta.dirname;

/**
 * Builds the Electron main process and the preload. The renderer is built by Vite on its own
 * (`npm run build:renderer` → out/renderer), so it is not configured here.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Packages in `dependencies` stay external (better-sqlite3 is native); core/ is bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
      },
    },
  },
  preload: {
    // The sandboxed preload may require only `electron`: one CommonJS file, everything bundled.
    define: { __SPORTELLO_METHODS__: JSON.stringify(methodNames) },
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
});
