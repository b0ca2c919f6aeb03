import { issuesFromZod } from '../../core/contract/errors';
import {
  mutationSchemaVersion,
  PushRequest,
  type PushMutation,
} from '../../core/contract/replication';
import type { BlobTransport } from '../../core/sync/blob-transport';
import { ServerRefused, type SyncTransport } from '../../core/sync/transport';
import { authenticateDesk } from '../../server/auth';
import {
  BlobRefused,
  blobBytes,
  blobStates,
  readableBlobSize,
  storeChunk,
} from '../../server/blobs/store';
import type { ServerDb } from '../../server/db/connection';
import { ServerMetrics } from '../../server/metrics';
import { pullPage, parseCursor } from '../../server/pull';
import { processPush } from '../../server/push';
import type { PushTurns } from '../../server/push-turns';
import type { Random } from './random';

/**
 * The mutations as `POST /sync/push` hands them on, or its 400: the route checks the contract
 * before `processPush` runs (a failed sign-in's `anonymous` audit row once failed it, every round).
 */
function pushAsTheRouteReadsIt(wire: PushMutation[]): PushMutation[] {
  const parsed = PushRequest.safeParse({ mutations: wire });
  if (!parsed.success)
    throw new ServerRefused(400, { code: 'validation', issues: issuesFromZod(parsed.error) });
  return parsed.data.mutations;
}

export interface Faults {
  /** Request lost before the server sees it. */
  dropRequest: number;
  /** Server did the work, the answer is lost (the crash between commit and reply). */
  dropResponse: number;
  /** The request arrives twice (a retrying proxy). */
  duplicate: number;
  /**
   * A push is held in the network: the desk times out, and the request reaches the server
   * later, after other requests (this desk's retries included), in any order with the others held.
   */
  delay: number;
  /** When an answer is lost, the desk also dies at that moment (see `SimLink.crashPending`). */
  crashOnLoss: number;
  /**
   * A push is slow on the way (a turn of the event loop): one sent after it, while it was still
   * unanswered (`pushOutbox`'s window), may reach the server first.
   */
  lag: number;
}

export const allFaults: Faults = {
  dropRequest: 0.1,
  dropResponse: 0.1,
  duplicate: 0.1,
  delay: 0.08,
  crashOnLoss: 0.3,
  lag: 0.2,
};
export const noFaults: Faults = {
  dropRequest: 0,
  dropResponse: 0,
  duplicate: 0,
  delay: 0,
  crashOnLoss: 0,
  lag: 0,
};

export class NetworkDown extends Error {}

/** The requests in flight on every link of one world: delivered late, in random order. */
export class InFlight {
  private readonly held: (() => Promise<unknown>)[] = [];

  constructor(private readonly random: Random) {}

  hold(request: () => Promise<unknown>): void {
    this.held.push(request);
  }

  get size(): number {
    return this.held.length;
  }

  /**
   * Delivers one held request, picked at random (so they overtake each other). One the server
   * refuses (its desk was revoked meanwhile) is answered to no one: the desk stopped waiting.
   */
  async deliverOne(): Promise<void> {
    if (!this.held.length) return;
    const [request] = this.held.splice(this.random.int(this.held.length), 1);
    await request!().catch((error: unknown) => {
      if (!(error instanceof ServerRefused)) throw error;
    });
  }

  async deliverAll(): Promise<void> {
    while (this.held.length) await this.deliverOne();
  }

  private readonly running = new Set<Promise<unknown>>();

  /**
   * Notes an exchange under way. A desk can stop waiting for one — its other push of the window
   * failed, and the sync returned — while the exchange goes on and draws from the seed's random:
   * when it draws, against the next steps' draws, would then be decided by real time (it ran
   * during a password's hash, which took ~13 ms at the production cost).
   */
  track<T>(exchange: Promise<T>): Promise<T> {
    this.running.add(exchange);
    const done = () => this.running.delete(exchange);
    exchange.then(done, done);
    return exchange;
  }

  /** Until every exchange a desk stopped waiting for has ended: before real work such as a hash. */
  async quiet(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

/**
 * The wire between one desk and the server, in process: what goes over it is JSON-copied, and
 * the seeded random decides what is lost, duplicated or held back. `partitioned` cuts the desk off.
 */
export class SimLink implements SyncTransport {
  partitioned = false;
  faults: Faults = allFaults;
  /**
   * Set when an answer was lost and the desk is to die at that very moment: the server has
   * committed, the desk never learns it. The run restarts the desk as soon as the sync returns
   * (nothing the desk commits in between — its sync-health row — bears on any guarantee). A lost
   * pull answer with a crash is also the crash in the middle of applying a pulled page:
   * `applyPulledPage` writes the page and its cursor in one SQLite transaction, so a process
   * dying inside it leaves exactly what dying before it leaves.
   */
  crashPending = false;
  private readonly stats = new ServerMetrics();

  constructor(
    private readonly db: ServerDb,
    private readonly random: Random,
    /** The desk's credentials; replaced when it enrols again. */
    public authorization: string,
    private readonly serverNow: () => number,
    private readonly inFlight: InFlight,
    /** The turns of the server instance this desk reaches (see `PushTurns`). */
    private readonly turns: PushTurns,
    /**
     * The other server instances, where there are several: a quarter of this desk's pushes go to
     * one of them (a load balancer's choice), where its other pushes' turns are not known, so
     * two of its pushes can be applied by two instances at once.
     */
    private readonly others: { db: ServerDb; turns: PushTurns }[] = [],
  ) {}

  private exchange<T>(work: () => Promise<T>, canHold: boolean): Promise<T> {
    return this.inFlight.track(this.exchangeNow(work, canHold));
  }

  private async exchangeNow<T>(work: () => Promise<T>, canHold: boolean): Promise<T> {
    if (this.partitioned || this.random.chance(this.faults.dropRequest)) throw new NetworkDown();
    if (canHold && this.random.chance(this.faults.delay)) {
      this.inFlight.hold(work);
      throw new NetworkDown();
    }
    if (canHold && this.random.chance(this.faults.lag)) await new Promise(setImmediate);
    if (this.random.chance(this.faults.duplicate)) await work();
    const answer = await work();
    if (this.random.chance(this.faults.dropResponse)) {
      if (this.random.chance(this.faults.crashOnLoss)) this.crashPending = true;
      throw new NetworkDown();
    }
    return JSON.parse(JSON.stringify(answer)) as T;
  }

  /** As the HTTP server answers: a revoked desk's request is refused, 401. */
  private async desk(authorization: string, db = this.db) {
    const desk = await authenticateDesk(db, authorization);
    if (!desk) throw new ServerRefused(401, { code: 'unauthenticated' });
    return desk;
  }

  push(mutations: PushMutation[]) {
    const wire = JSON.parse(JSON.stringify(mutations)) as PushMutation[];
    // Sent with the credentials of the moment: a held push carries them when it arrives late.
    const authorization = this.authorization;
    const via =
      this.others.length && this.random.chance(0.25)
        ? this.random.pick(this.others)
        : { db: this.db, turns: this.turns };
    // A pull held back would only answer a desk that stopped listening: only pushes are held.
    return this.exchange(
      async () =>
        processPush(
          via.db,
          await this.desk(authorization, via.db),
          // As the HTTP route reads it: a push the contract refuses is refused whole (400).
          pushAsTheRouteReadsIt(wire),
          this.serverNow,
          this.stats,
          // Writes sent ahead every few mutations (every 50 in production): pushes here are short.
          { currentSchemaVersion: mutationSchemaVersion, turns: via.turns, writeAhead: 5 },
        ),
      true,
    );
  }

  pull(cursor: string, limit: number) {
    return this.exchange(async () => {
      const page = await pullPage(
        this.db,
        await this.desk(this.authorization),
        parseCursor(cursor)!,
        limit,
      );
      // As the server's pull route does: the desk compares its (skewed) clock with this.
      page.end.serverTime = this.serverNow();
      return page;
    }, false);
  }
}

/**
 * The same wire for attachment bytes (the desk's `BlobTransport`, in process), with its own
 * seeded faults: a request lost, an answer lost after the server stored the chunk, a request
 * sent twice, and a download cut in the middle (the desk keeps what came and resumes). It draws
 * from its own random stream, so photos do not change the rest of a seed's world.
 */
export class SimBlobLink implements BlobTransport {
  constructor(
    private readonly link: SimLink,
    private readonly db: ServerDb,
    private readonly random: Random,
    private readonly serverNow: () => number,
  ) {}

  private async exchange<T>(work: () => Promise<T>): Promise<T> {
    const { faults } = this.link;
    if (this.link.partitioned || this.random.chance(faults.dropRequest)) throw new NetworkDown();
    if (this.random.chance(faults.duplicate)) await work().catch(() => undefined);
    const answer = await work();
    if (this.random.chance(faults.dropResponse)) throw new NetworkDown();
    return answer;
  }

  /** As the HTTP routes answer: 401 for a revoked desk, a refused chunk with its status. */
  private async desk() {
    const desk = await authenticateDesk(this.db, this.link.authorization);
    if (!desk) throw new ServerRefused(401, { code: 'unauthenticated' });
    return desk;
  }

  status(hashes: string[]) {
    return this.exchange(async () => {
      await this.desk();
      return blobStates(this.db, hashes);
    });
  }

  upload(sha256: string, first: number, total: number, chunk: Uint8Array) {
    const bytes = Buffer.from(chunk);
    return this.exchange(async () => {
      await this.desk();
      try {
        return await storeChunk(
          this.db,
          sha256,
          { first, last: first + bytes.length - 1, total },
          bytes,
          this.serverNow(),
        );
      } catch (error) {
        if (!(error instanceof BlobRefused)) throw error;
        throw new ServerRefused(error.status, { code: error.code, params: error.params });
      }
    });
  }

  async download(sha256: string, from: number) {
    const chunks = await this.exchange(async () => {
      const size = await readableBlobSize(this.db, await this.desk(), sha256);
      if (size === null) return null;
      const read: Uint8Array[] = [];
      for await (const chunk of blobBytes(this.db, sha256, from)) read.push(Buffer.from(chunk));
      return read;
    });
    if (!chunks) return null;
    // Cut in the middle now and then: the desk keeps what came and asks for the rest later.
    const cutAt = this.random.chance(this.link.faults.dropResponse)
      ? this.random.int(chunks.length)
      : -1;
    return (async function* () {
      for (const [i, chunk] of chunks.entries()) {
        if (i === cutAt) {
          yield chunk.subarray(0, chunk.length >> 1);
          throw new NetworkDown();
        }
        yield chunk;
      }
    })();
  }
}
