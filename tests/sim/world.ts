import { and, asc, count, eq, gt, max, or } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SiteKind } from '../../core/contract/replication';
import { openDatabase } from '../../core/db/open';
import { outbox, parts, repairOrders, syncRejections } from '../../core/db/schema';
import { silentLogger } from '../../core/runtime/context';
import { databaseFile, openDesk, type Desk } from '../../core/runtime/desk';
import { wantMissingBlobs, type BlobSync } from '../../core/sync/blob-sync';
import { adoptEnrolment } from '../../core/sync/enrol';
import type { PushOptions } from '../../core/sync/push-outbox';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import type { ServerDb } from '../../server/db/connection';
import { PushTurns } from '../../server/push-turns';
import { createSite, enrolDesk, newEnrolmentCodeForSite, revokeDesk } from '../../server/sites';
import { InFlight, SimBlobLink, SimLink } from './network';
import type { Random } from './random';
import { simCatalogue } from './repair';

export type OrderInScope = Pick<
  typeof repairOrders.$inferSelect,
  'id' | 'status' | 'intakeSiteId' | 'custodySiteId' | 'workshopSiteId'
>;

/** One simulated desk: its folder survives crashes, its SQLite connection does not. */
export class SimDesk {
  desk: Desk;
  readonly link: SimLink;
  /** Attachment bytes: the desk's folder, and the wire they travel on. */
  readonly blobs: BlobSync;
  /** Every mutation this desk ever queued, in order. */
  readonly generated: string[] = [];
  private lastSeq = 0;
  /** The head office revoked this desk and it has not enrolled again yet. */
  revoked = false;

  constructor(
    readonly code: string,
    readonly kind: SiteKind,
    readonly dir: string,
    readonly now: () => number,
    private readonly db: ServerDb,
    random: Random,
    private readonly serverNow: () => number,
    inFlight: InFlight,
    blobRandom: Random,
    turns: PushTurns,
    /** How this desk sends its outbox: some desks push a few changes at a time, two pushes in flight. */
    readonly push: PushOptions,
    /** The other server instances, which some of its pushes reach. */
    others: { db: ServerDb; turns: PushTurns }[],
  ) {
    this.desk = this.open();
    this.link = new SimLink(db, random, this.authorization(), serverNow, inFlight, turns, others);
    this.blobs = {
      dataDir: dir,
      transport: new SimBlobLink(this.link, db, blobRandom, serverNow),
    };
  }

  private authorization(): string {
    const credentials = settingsCredentialStore(this.desk.db, this.desk.secrets).load()!;
    return `Bearer ${credentials.deskId}.${credentials.secret}`;
  }

  /** The admin revokes this desk: its next requests, and any held in the network, are refused. */
  async revoke(): Promise<void> {
    const deskId = settingsCredentialStore(this.desk.db, this.desk.secrets).load()!.deskId;
    await revokeDesk(this.db, deskId, this.serverNow());
    this.revoked = true;
  }

  /**
   * A new code of its own site, entered at the desk (revoked or not: replaced credentials). Its
   * queue is renumbered for the new desk id, so the next mutations it queues start after it. It
   * sends the credentials it holds, as the desk does: its old id is retired, and pushes still
   * held in the network under it are refused when they arrive.
   */
  async enrolAgain(): Promise<void> {
    const issued = await newEnrolmentCodeForSite(this.db, this.code, this.serverNow());
    const held = this.authorization();
    const enrolment = (await enrolDesk(this.db, issued!.enrolmentCode, this.serverNow(), held))!;
    adoptEnrolment(this.desk, 'sim://server', enrolment);
    this.link.authorization = this.authorization();
    this.revoked = false;
    this.lastSeq =
      this.desk.db
        .select({ seq: max(outbox.seq) })
        .from(outbox)
        .get()?.seq ?? 0;
  }

  /**
   * The counter's computer is replaced: the admin issues a code that names the old desk (revoked
   * as the new one enrols), or revokes it and issues one for a further counter; the code is
   * entered at a new computer (an empty folder, where the old one was), which then downloads its
   * scope from the beginning and numbers on from where the head office is. Only once all the old
   * one made is at the head office and none of it was refused: a computer that dies with changes
   * unsent loses them, which no guarantee covers. False when that does not hold yet. With
   * `seriesCode` the new desk is a further counter of the site, numbering in that series.
   */
  async replace(seriesCode?: string): Promise<boolean> {
    const local = this.desk.db;
    const unsettled =
      local.select({ n: count() }).from(outbox).get()!.n +
      local.select({ n: count() }).from(syncRejections).get()!.n;
    if (unsettled > 0) return false;
    // A further counter: the admin revokes the old desk first. A replacement in the same series:
    // the code names the desk it replaces, which its enrolment revokes.
    const replaces = settingsCredentialStore(this.desk.db, this.desk.secrets).load()!.deskId;
    if (seriesCode && !this.revoked) await this.revoke();
    this.desk.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir);
    fs.writeFileSync(databaseFile(this.dir), deskTemplate());
    const issued = await newEnrolmentCodeForSite(
      this.db,
      this.code,
      this.serverNow(),
      seriesCode ? { series: seriesCode } : { replaces },
    );
    const enrolment = (await enrolDesk(this.db, issued!.enrolmentCode, this.serverNow()))!;
    const fresh = openSimDesk(this.dir);
    adoptEnrolment(fresh, 'sim://server', enrolment);
    fresh.close();
    this.desk = this.open();
    this.link.authorization = this.authorization();
    this.revoked = false;
    this.lastSeq = 0;
    return true;
  }

  private open(): Desk {
    return openSimDesk(this.dir, this.now);
  }

  /**
   * The process dies and starts again: only what SQLite committed survives. Closing the
   * connection is that death: every handler's transaction is synchronous, so between two steps
   * none is open, and what is committed sits in the WAL file as it would after a killed process
   * (the OS keeps written pages; losing them is a power cut, which the crash test covers).
   */
  restart(): void {
    this.desk.close();
    this.desk = this.open();
    // What the sync loop does when it starts: photos whose file is missing are wanted again.
    wantMissingBlobs(this.desk.db, this.dir);
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

  /** The parts catalogue as this desk holds it (pulled from the head office), by SKU. */
  catalogue(): { id: string; sku: string; name: string; quantityMilli: number }[] {
    const held = this.desk.db.select().from(parts).orderBy(asc(parts.sku)).all();
    if (!held.length) throw new Error(`${this.code} holds no catalogue`);
    return held.map((p) => ({
      id: p.id,
      sku: p.sku,
      name: p.name,
      quantityMilli: simCatalogue.find((c) => c.sku === p.sku)?.quantityMilli ?? 1000,
    }));
  }

  /**
   * Orders this desk may act on: those it took in or holds, and a workshop's on their way to it
   * (it records their arrival); the head office sees every order. Which steps it may take on
   * them is the desk's own rule (a device is moved only by the site that holds it).
   */
  ordersInScope(): OrderInScope[] {
    const query = this.desk.db
      .select({
        id: repairOrders.id,
        status: repairOrders.status,
        intakeSiteId: repairOrders.intakeSiteId,
        custodySiteId: repairOrders.custodySiteId,
        workshopSiteId: repairOrders.workshopSiteId,
      })
      .from(repairOrders);
    const site = this.desk.site.id;
    return (
      this.kind === 'head_office'
        ? query
        : query.where(
            or(
              eq(repairOrders.custodySiteId, site),
              eq(repairOrders.intakeSiteId, site),
              and(
                eq(repairOrders.status, 'in_transit_to_workshop'),
                eq(repairOrders.workshopSiteId, site),
              ),
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

/**
 * How the simulator opens a desk: the real `openDesk`, without the `integrity_check` at start
 * (a killed process cannot corrupt SQLite; the check costs more than a whole step) and with
 * `synchronous = NORMAL` in WAL mode (a process crash keeps every commit; only a power cut
 * could lose the last ones).
 */
function openSimDesk(dir: string, now?: () => number): Desk {
  return openDesk({
    dataDir: dir,
    ...(now ? { now } : {}),
    synchronous: 'NORMAL',
    logger: silentLogger,
    skipIntegrityCheck: true,
  });
}

/** Desk folders live in memory (tmpfs) where the machine has one: a seed writes thousands of pages. */
const tempBase = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

let template: Buffer | undefined;

/**
 * A migrated, empty desk database, built once per process: each desk of each seed starts from
 * a copy of these bytes instead of running every migration again.
 */
function deskTemplate(): Buffer {
  if (template) return template;
  const dir = fs.mkdtempSync(path.join(tempBase, 'sportello-sim-template-'));
  try {
    const file = path.join(dir, 'desk.sqlite');
    const db = openDatabase({ file, synchronous: 'NORMAL' });
    db.$client.pragma('journal_mode = DELETE');
    db.$client.close();
    template = fs.readFileSync(file);
    return template;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates the sites on the server and enrols one desk for each, in fresh temp folders. */
export async function buildWorld(
  instances: ServerDb[],
  random: Random,
  specs: WorldSpec[],
  clock: { now: number },
  blobRandom: Random,
  pushRandom: Random,
): Promise<{ desks: SimDesk[]; root: string; inFlight: InFlight }> {
  const inFlight = new InFlight(random);
  // One per server instance, as each instance of the server has its own.
  const turns = instances.map(() => new PushTurns());
  const root = fs.mkdtempSync(path.join(tempBase, 'sportello-sim-'));
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
    fs.mkdirSync(dir);
    fs.writeFileSync(databaseFile(dir), deskTemplate());
    const fresh = openSimDesk(dir);
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
        inFlight,
        blobRandom,
        turns[i % instances.length]!,
        // Half the desks push a few changes at a time, so that a sync often has two pushes in
        // flight (the window): a later one may overtake an earlier one, or be lost while it is not.
        pushRandom.chance(0.5) ? { batchSize: 1 + pushRandom.int(4) } : {},
        instances
          .map((db, at) => ({ db, turns: turns[at]! }))
          .filter((_, at) => at !== i % instances.length),
      ),
    );
  }
  return { desks, root, inFlight };
}
