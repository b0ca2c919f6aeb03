import { count, desc } from 'drizzle-orm';
import type { SyncStatus } from '../contract/sync';
import type { Db } from '../db/open';
import { outbox, syncRejections } from '../db/schema';
import { readHealth, settingsCredentialStore } from './sync-state';

const shownRejections = 50;

function orderNumberOf(args: Record<string, unknown>): string | null {
  const order = args.order as { number?: unknown } | undefined;
  return typeof order?.number === 'string' ? order.number : null;
}

export function readSyncStatus(db: Db): SyncStatus {
  const credentials = settingsCredentialStore(db).load();
  const health = readHealth(db);
  const waiting = db.select({ n: count() }).from(outbox).get()!.n;
  const rejected = db
    .select()
    .from(syncRejections)
    .orderBy(desc(syncRejections.seq))
    .limit(shownRejections)
    .all()
    .map((row) => ({
      mutationId: row.mutationId,
      name: row.name,
      code: row.code,
      params: row.params ?? null,
      clientAt: row.clientAt,
      rejectedAt: row.rejectedAt,
      orderNumber: orderNumberOf(row.args),
    }));
  return {
    enrolled: credentials !== null,
    serverUrl: credentials?.serverUrl ?? null,
    online: health.online,
    lastAttemptAt: health.lastAttemptAt,
    lastSuccessAt: health.lastSuccessAt,
    lastError: health.lastError,
    waiting,
    updateRequired: health.updateRequired,
    remaining: health.remaining,
    rejected,
  };
}
