import { asc, eq } from 'drizzle-orm';
import { runCli } from '../../core/cli/run-cli';
import { afterEach } from 'vitest';
import type { SiteKind } from '../../core/contract/replication';
import { outbox, repairOrders } from '../../core/db/schema';
import type { DeskPrincipal } from '../../server/auth';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { toPushMutation } from '../../core/sync/outbox';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport, type SyncTransport } from '../../core/sync/transport';
import { silentLogger } from '../../core/runtime/context';
import type { OrderDetail } from '../../core/contract/orders';
import { expectOk, intakeInput, tempDir } from './desk';
import { untilPullsSeeEverything, type TestServer } from './sync-server';
import fs from 'node:fs';

export interface SyncedDesk extends Desk {
  transport: SyncTransport;
  sync(): ReturnType<typeof syncOnce>;
}

const open: { desk: Desk; dir: string }[] = [];
afterEach(() => {
  for (const { desk, dir } of open.splice(0)) {
    desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Opens a desk on an existing data folder and binds it to the server its credentials name. */
export function reopenDesk(
  dataDir: string,
  serverUrl?: string,
  /** Runs before each sync round (enrolled test desks wait until pulls can see everything). */
  beforeSync: () => Promise<void> = async () => {},
): SyncedDesk {
  const desk = openDesk({ dataDir });
  const store = settingsCredentialStore(desk.db, desk.secrets);
  const bind = (credentials: NonNullable<ReturnType<typeof store.load>>) =>
    httpTransport(serverUrl ? { ...credentials, serverUrl } : credentials);
  const credentials = store.load()!;
  const transport = bind(credentials);
  const synced: SyncedDesk = Object.assign(desk, {
    transport,
    // As the app does: a round after the desk was enrolled again uses the credentials it holds
    // now (enrolling again retires the desk id it was).
    sync: async () => {
      await beforeSync();
      const held = store.load()!;
      return syncOnce(desk, held.deskId === credentials.deskId ? transport : bind(held));
    },
  });
  open.push({ desk, dir: dataDir });
  return synced;
}

/** A fresh desk enrolled as a new site of the given kind, reopened as that site. */
export async function enrolledDesk(
  server: TestServer,
  siteCode: string,
  kind: SiteKind = 'reception',
  serverUrl = server.url,
): Promise<SyncedDesk> {
  const { code } = await server.createSite(siteCode, kind);
  const dir = tempDir('sportello-sync-');
  const fresh = openDesk({ dataDir: dir, logger: silentLogger });
  await enrolDesk(fresh, serverUrl, code);
  fresh.close();
  return reopenDesk(dir, serverUrl, () => untilPullsSeeEverything(server.db));
}

export function authorizationOf(desk: Desk): string {
  const credentials = settingsCredentialStore(desk.db, desk.secrets).load()!;
  return `Bearer ${credentials.deskId}.${credentials.secret}`;
}

/** The outbox as the desk would push it. */
export function outboxMutations(desk: Desk) {
  return desk.db.select().from(outbox).orderBy(asc(outbox.seq)).all().map(toPushMutation);
}

export async function rawPush(
  url: string,
  authorization: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/sync/push`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** How many rows the server holds, per table: "nothing changed" is this staying equal. */
export async function serverCounts(server: TestServer): Promise<Record<string, number>> {
  const rows = await server.db.query<{ tbl: string; n: string }>(
    `SELECT tbl, count(*)::text AS n FROM records GROUP BY tbl
     UNION ALL SELECT 'change_log', count(*)::text FROM change_log
     UNION ALL SELECT 'applied', count(*)::text FROM applied_mutations`,
  );
  return Object.fromEntries(rows.map((r) => [r.tbl, Number(r.n)]));
}

/**
 * A reception desk and the head office move the same order from `received` while apart (both
 * cancel it: the head office may cancel, but not diagnose a device on the desk's shelf); the
 * desk's change reaches the server first and is accepted, so the head office's, still in its
 * outbox, is refused as stale at its next sync.
 */
export async function staleTransition(server: TestServer) {
  const desk = await enrolledDesk(server, 'MI01', 'reception');
  const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
  const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
  await desk.sync();
  await headOffice.sync();
  await moveOrder(desk, order.id, 'cancelled');
  await moveOrder(headOffice, order.id, 'cancelled');
  const first = await desk.sync();
  if (first.push.rejected !== 0) throw new Error('the first move of the order was refused');
  return { desk, headOffice, order };
}

/** A status change through the desk's own `changeStatus`, as the counter makes it. */
export async function moveOrder(
  desk: Desk,
  orderId: string,
  to: string,
  workshopSiteId?: string,
): Promise<void> {
  const order = desk.db.select().from(repairOrders).where(eq(repairOrders.id, orderId)).get()!;
  await expectOk(
    desk.call('changeStatus', {
      orderId,
      expectedStatus: order.status,
      to,
      reason: `to ${to}`,
      ...(workshopSiteId ? { workshopSiteId } : {}),
    }),
  );
}

/** The numbers of the orders a desk holds, sorted. */
export function orderNumbers(desk: Desk): string[] {
  return desk.db
    .select({ number: repairOrders.number })
    .from(repairOrders)
    .all()
    .map((r) => r.number)
    .sort();
}

/** What the server sees a desk as, for calling `pullPage` and friends directly. */
export function principalOf(desk: SyncedDesk, siteCode: string, siteKind: SiteKind): DeskPrincipal {
  return {
    deskId: settingsCredentialStore(desk.db, desk.secrets).load()!.deskId,
    siteId: desk.site.id,
    siteCode,
    seriesCode: siteCode,
    siteKind,
  };
}

/** `npm run cli -- sync` on this desk, in the terminal `environment` gives; all it printed. */
export async function cliSync(
  desk: Desk,
  environment: Record<string, string> = {},
): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const code = await runCli(['sync'], {
    io: { out: (t) => out.push(t), err: (t) => out.push(t) },
    openDesk: () => desk,
    environment,
  });
  return { code, text: out.join('') };
}
