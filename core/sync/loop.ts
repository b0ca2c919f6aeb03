import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { syncOnce, type SyncOptions, type SyncRound } from './sync-once';
import type { SyncTransport } from './transport';
import { streamChunks } from './stream-chunks';

export interface SyncLoopOptions extends SyncOptions {
  /** Opens the server's change notifications (SSE); resolves when the stream ends. */
  subscribe?: (onChange: () => void, signal: AbortSignal) => Promise<void>;
  onRound?: (round: SyncRound) => void;
  /** How often the outbox is checked for new local writes. */
  outboxPollMs?: number;
  /** Quiet-time resync even without notifications. */
  idleMs?: number;
  maxBackoffMs?: number;
  /**
   * How soon a lost notification stream is tried again: from `min`, doubling up to `max`
   * (jittered). Its reconnection is what wakes an offline desk when the server comes back,
   * whatever the round backoff has grown to, so `max` bounds that delay.
   */
  reconnectMs?: { min: number; max: number };
}

export interface SyncLoop {
  /** Run a round now (a local write happened, or the user pressed "sync"). */
  wake(): void;
  stop(): Promise<void>;
}

function outboxHighWater(db: Db): number {
  return db.get<{ seq: number | null }>(sql`SELECT max(seq) AS seq FROM outbox`)?.seq ?? 0;
}

/**
 * Keeps the desk in step with the head office: a round at start, at every local write (the
 * outbox high-water mark is polled: one indexed read), at every server notification, and at
 * least every `idleMs`. Offline, it backs off exponentially (with jitter) up to `maxBackoffMs`.
 */
export function startSyncLoop(
  desk: { db: Db },
  transport: SyncTransport,
  options: SyncLoopOptions = {},
): SyncLoop {
  const controller = new AbortController();
  const idleMs = options.idleMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  let wakeUp: (() => void) | null = null;
  let pendingWake = true;
  const wake = () => {
    pendingWake = true;
    wakeUp?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
      controller.signal.addEventListener('abort', done, { once: true });
    });

  let seen = outboxHighWater(desk.db);
  const poll = setInterval(() => {
    const now = outboxHighWater(desk.db);
    if (now !== seen) {
      seen = now;
      wake();
    }
  }, options.outboxPollMs ?? 500);

  const reconnect = options.reconnectMs ?? { min: 100, max: 300 };
  const subscription = (async () => {
    if (!options.subscribe) return;
    let delay = reconnect.min;
    let opened: boolean;
    // Any event (the stream's opening included) means the server is back: retry fast next time.
    const onChange = () => {
      opened = true;
      delay = reconnect.min;
      wake();
    };
    while (!controller.signal.aborted) {
      opened = false;
      await options.subscribe(onChange, controller.signal).catch(() => undefined);
      if (controller.signal.aborted) return;
      // A stream that had opened has ended: the head office went away, or something between cut
      // the stream. A round now tells which, so the desk does not go on saying it is online for
      // up to `idleMs` after the head office went away. (A stream that never opened wakes
      // nothing: while the server is down, the rounds keep their backoff.)
      if (opened) wake();
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
      delay = Math.min(delay * 2, reconnect.max);
    }
  })();

  const running = (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      if (pendingWake) {
        pendingWake = false;
        const round = await syncOnce(desk, transport, options);
        options.onRound?.(round);
        failures = round.error === 'offline' ? failures + 1 : 0;
      }
      if (controller.signal.aborted) return;
      const backoff = Math.min(1000 * 2 ** failures, maxBackoffMs);
      const wait = failures ? backoff / 2 + Math.random() * (backoff / 2) : idleMs;
      if (!pendingWake) await sleep(wait);
      if (failures || !pendingWake) pendingWake = true;
    }
  })();

  return {
    wake,
    async stop() {
      controller.abort();
      clearInterval(poll);
      await Promise.all([running, subscription]);
    },
  };
}

/**
 * Server-sent events from `GET /sync/events`: calls `onChange` when the stream opens (whatever
 * changed while it was closed is fetched then) and at each `change` event.
 */
export function sseSubscription(
  serverUrl: string,
  authorization: string,
  fetchImpl: typeof fetch = fetch,
): NonNullable<SyncLoopOptions['subscribe']> {
  return async (onChange, signal) => {
    const response = await fetchImpl(`${serverUrl.replace(/\/+$/, '')}/sync/events`, {
      headers: { authorization, accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
    onChange();
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of streamChunks(response.body)) {
      buffered += decoder.decode(chunk, { stream: true });
      const events = buffered.split('\n\n');
      buffered = events.pop()!;
      if (events.some((e) => e.includes('event: change'))) onChange();
    }
  };
}
