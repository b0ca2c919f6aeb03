import type { Db } from '../db/open';
import { pullPages, type PullOptions } from './pull-pages';
import { pushOutbox, type PushReport } from './push-outbox';
import { updateHealth } from './sync-state';
import { ServerRefused, type SyncTransport } from './transport';

export interface SyncRound {
  ok: boolean;
  push: PushReport;
  pulled: number;
  pages: number;
  remaining: number;
  updateRequired: boolean;
  /** Why the round failed: `offline`, or the server's error code. */
  error?: string;
}

export interface SyncOptions extends PullOptions {
  now?: () => number;
}

/** One round: push the outbox, then pull what changed for this desk. Never throws. */
export async function syncOnce(
  desk: { db: Db },
  transport: SyncTransport,
  options: SyncOptions = {},
): Promise<SyncRound> {
  const now = options.now ?? Date.now;
  const { db } = desk;
  const round: SyncRound = {
    ok: false,
    push: { sent: 0, accepted: 0, rejected: 0 },
    pulled: 0,
    pages: 0,
    remaining: 0,
    updateRequired: false,
  };
  updateHealth(db, { lastAttemptAt: now() });
  try {
    round.push = await pushOutbox(db, transport, now);
    round.updateRequired = round.push.stopped === 'update_required';
    const pulled = await pullPages(db, transport, options);
    Object.assign(round, pulled);
    round.ok = !round.push.stopped;
    if (round.push.stopped && !round.updateRequired) round.error = `push_${round.push.stopped}`;
    updateHealth(db, {
      online: true,
      lastSuccessAt: now(),
      lastError: round.error ?? null,
      updateRequired: round.updateRequired,
      remaining: round.remaining,
    });
  } catch (error) {
    round.error = error instanceof ServerRefused ? error.error.code : 'offline';
    updateHealth(db, { online: error instanceof ServerRefused, lastError: round.error });
  }
  return round;
}
