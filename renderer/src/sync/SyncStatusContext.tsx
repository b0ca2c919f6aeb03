import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../../core/contract/sync';
import { api } from '../api';

/** How often the desk's replication state is read: cheap (two indexed counts), and it bounds
 * how long a pulled change waits before the lists on screen refresh. */
const pollMs = 500;

interface SyncStatusValue {
  status: SyncStatus | null;
  /** When the status was read (the clock relative times are measured against). */
  readAt: number;
}

const SyncStatusContext = createContext<SyncStatusValue>({ status: null, readAt: 0 });

/** Reads `getSyncStatus` twice a second for the top bar and for lists that follow replication. */
export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<SyncStatusValue>({ status: null, readAt: 0 });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const result = await api.getSyncStatus({});
      if (stopped) return;
      if (result.ok) setValue({ status: result.value, readAt: Date.now() });
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
