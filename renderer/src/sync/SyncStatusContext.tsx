import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../../core/contract/sync';
import { api } from '../api';

/**
 * How often the desk's replication state is read: cheap (two indexed counts), and it bounds
 * how long a pulled change waits before the lists on screen refresh. Nothing re-renders unless
 * the state changed, or the relative times ("2 min ago") are due for a refresh.
 */
const pollMs = 250;
const clockRefreshMs = 10_000;

interface SyncStatusValue {
  status: SyncStatus | null;
  /** When the status was read (the clock relative times are measured against). */
  readAt: number;
}

const SyncStatusContext = createContext<SyncStatusValue>({ status: null, readAt: 0 });

/** Reads `getSyncStatus` for the top bar and for the lists that follow replication. */
export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<SyncStatusValue>({ status: null, readAt: 0 });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let shown = { json: '', at: 0 };
    const read = async () => {
      const result = await api.getSyncStatus({});
      if (stopped) return;
      const now = Date.now();
      const json = result.ok ? JSON.stringify(result.value) : shown.json;
      if (result.ok && (json !== shown.json || now - shown.at >= clockRefreshMs)) {
        shown = { json, at: now };
        setValue({ status: result.value, readAt: now });
      }
      timer = setTimeout(() => void read(), pollMs);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return <SyncStatusContext.Provider value={value}>{children}</SyncStatusContext.Provider>;
}

export function useSyncStatus(): SyncStatusValue {
  return useContext(SyncStatusContext);
}

/**
 * Changes whenever a sync round succeeded: a list that puts it among its effect's dependencies
 * shows what the head office sent without anyone pressing reload.
 */
export function useSyncedAt(): number | null {
  return useContext(SyncStatusContext).status?.lastSuccessAt ?? null;
}

/**
 * True while a download far behind has not built its search indexes yet: search then finds
 * customers and orders by the start of a name or number only, and the search fields say so.
 */
export function useSearchNarrowed(): boolean {
  return useContext(SyncStatusContext).status?.searchNarrowed ?? false;
}
