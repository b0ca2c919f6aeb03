import { asc, eq, gt, or } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SiteKind } from '../../core/contract/replication';
import { outbox, repairOrders } from '../../core/db/schema';
import { silentLogger } from '../../core/runtime/context';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { adoptEnrolment } from '../../core/sync/enrol';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import type { ServerDb } from '../../server/db/connection';
import { createSite, enrolDesk } from '../../server/sites';
import { SimLink } from './network';
import type { Random } from './random';

/** One simulated desk: its folder survives crashes, its SQLite connection does not. */
export class SimDesk {
  desk: Desk;
  readonly link: SimLink;
  /** Every mutation this desk ever queued, in order. */
  readonly generated: string[] = [];
  private lastSeq = 0;

  constructor(
    readonly code: string,
    readonly kind: SiteKind,
    readonly dir: string,
    readonly now: () => number,
    db: ServerDb,
    random: Random,
    serverNow: () => number,
  ) {
    this.desk = this.open();
    const credentials = settingsCredentialStore(this.desk.db, this.desk.secrets).load()!;
    this.link = new SimLink(
      db,
      random,
      `Bearer ${credentials.deskId}.${credentials.secret}`,
      serverNow,
    );
  }

  private open(): Desk {
    return openDesk({
      dataDir: this.dir,
      now: this.now,
      synchronous: 'NORMAL',
      logger: silentLogger,
    });
  }

  /** The process dies and starts again: only what SQLite committed survives. */
  restart(): void {
    this.desk.close();
    this.desk = this.open();
  }

  /** Notes the mutations queued since the last look. */
  collect(): void {
    const rows = this.desk.db
      .select({ seq: outbox.seq, mutationId: outbox.mutationId })
      .from(outbox)
      .where(gt(outbox.seq, this.lastSeq))
      .orderBy(asc(outbox.seq))
      .all();
    for (const row of rows) {
      this.generated.push(row.mutationId);
      this.lastSeq = row.seq;
    }
  }

  /** Orders this desk may move: those it took in or holds; the head office may move any. */
  ordersInScope(): { id: string; status: string; intakeSiteId: string }[] {
    const query = this.desk.db
      .select({
        id: repairOrders.id,
        status: repairOrders.status,
        intakeSiteId: repairOrders.intakeSiteId,
      })
      .from(repairOrders);
    return (
      this.kind === 'head_office'
        ? query
        : query.where(
            or(
              eq(repairOrders.custodySiteId, this.desk.site.id),
              eq(repairOrders.intakeSiteId, this.desk.site.id),
            ),
          )
    )
      .all()
      .filter((o) => o.status !== 'handed_over' && o.status !== 'cancelled');
  }

  close(): void {
    this.desk.close();
  }
}

export interface WorldSpec {
  code: string;
  kind: SiteKind;
  skewMs: number;
}

/** Creates the sites on the server and enrols one desk for each, in fresh temp folders. */
export async function buildWorld(
  instances: ServerDb[],
  random: Random,
  specs: WorldSpec[],
  clock: { now: number },
): Promise<{ desks: SimDesk[]; root: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sim-'));
  const desks: SimDesk[] = [];
  const db = instances[0]!;
  for (const [i, spec] of specs.entries()) {
    const created = await createSite(
      db,
      {
        code: spec.code,
        name: `Sim ${spec.code}`,
        kind: spec.kind,
        timezone: 'Europe/Rome',
        country: 'IT',
        currency: 'EUR',
      },
      clock.now,
    );
    const enrolment = (await enrolDesk(db, created.enrolmentCode, clock.now))!;
    const dir = path.join(root, spec.code);
    const fresh = openDesk({ dataDir: dir, synchronous: 'NORMAL', logger: silentLogger });
    adoptEnrolment(fresh, 'sim://server', enrolment);
    fresh.close();
    desks.push(
      // Desks reach different server instances (each its own connection pool) where there are several.
      new SimDesk(
        spec.code,
        spec.kind,
        dir,
        () => clock.now + spec.skewMs,
        instances[i % instances.length]!,
        random,
        () => clock.now,
      ),
    );
  }
  return { desks, root };
}
