import type { SportelloClient } from '../../core/contract/client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    sportello?: SportelloClient;
  }
}

export {};
