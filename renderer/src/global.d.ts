import type { SportelloClient } from '../../core/contract/client';
import type { DeskShell } from '../../core/contract/documents';

declare global {
  interface Window {
    /** Exposed by the Electron preload (the contract and the shell's printing); absent in browser mode. */
    sportello?: SportelloClient & Partial<DeskShell>;
  }
}

export {};
