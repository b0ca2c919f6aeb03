import type { PushMutation } from '../../core/contract/replication';
import type { SyncTransport } from '../../core/sync/transport';
import { authenticateDesk } from '../../server/auth';
import type { ServerDb } from '../../server/db/connection';
import { ServerMetrics } from '../../server/metrics';
import { pullPage, parseCursor } from '../../server/pull';
import { processPush } from '../../server/push';
import type { Random } from './random';

export interface Faults {
  /** Request lost before the server sees it. */
  dropRequest: number;
  /** Server did the work, the answer is lost (the crash between commit and reply). */
  dropResponse: number;
  /** The request arrives twice (a retrying proxy). */
  duplicate: number;
}

export const allFaults: Faults = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1 };
export const noFaults: Faults = { dropRequest: 0, dropResponse: 0, duplicate: 0 };

export class NetworkDown extends Error {}

/**
 * The wire between one desk and the server, in process: what goes over it is JSON-copied, and
 * the seeded random decides what is lost or duplicated. `partitioned` cuts the desk off.
 */
export class SimLink implements SyncTransport {
  partitioned = false;
  faults: Faults = allFaults;
  private readonly stats = new ServerMetrics();

  constructor(
    private readonly db: ServerDb,
    private readonly random: Random,
    private readonly authorization: string,
    private readonly serverNow: () => number,
  ) {}

  private async exchange<T>(work: () => Promise<T>): Promise<T> {
    if (this.partitioned || this.random.chance(this.faults.dropRequest)) throw new NetworkDown();
    if (this.random.chance(this.faults.duplicate)) await work();
    const answer = await work();
    if (this.random.chance(this.faults.dropResponse)) throw new NetworkDown();
    return JSON.parse(JSON.stringify(answer)) as T;
  }

  private async desk() {
    const desk = await authenticateDesk(this.db, this.authorization);
    if (!desk) throw new Error('simulated desk lost its credentials');
    return desk;
  }

  push(mutations: PushMutation[]) {
    const wire = JSON.parse(JSON.stringify(mutations)) as PushMutation[];
    return this.exchange(async () =>
      processPush(this.db, await this.desk(), wire, this.serverNow, this.stats),
    );
  }

  pull(cursor: string, limit: number) {
    return this.exchange(async () =>
      pullPage(this.db, await this.desk(), parseCursor(cursor)!, limit),
    );
  }
}
