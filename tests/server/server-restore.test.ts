import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/run-cli';
import type { OrderDetail } from '../../core/contract/orders';
import type { SyncStatus } from '../../core/contract/sync';
import { auditLog, repairOrders } from '../../core/db/schema';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { silentLogger } from '../../core/runtime/context';
import { enrolDesk } from '../../core/sync/enrol';
import { pushOutbox } from '../../core/sync/push-outbox';
import { syncOnce } from '../../core/sync/sync-once';
import { readCursor, readPullHalt, settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { buildApp } from '../../server/app';
import { openPglite, type ServerDb } from '../../server/db/connection';
import { backUpPglite, restorePglite, serverBackupCode } from '../../server/db/pglite-backup';
import { listBackups } from '../../core/backup/backup';
import { migrateServerDb } from '../../server/db/migrate';
import { createSite, newEnrolmentCodeForSite } from '../../server/sites';
import { expectOk, intakeInput, tempDir } from '../support/desk';
import { testSiteRequest } from '../support/sync-server';

// The head office's database restored from a backup taken before changes the desks already
// hold: what a desk pulled since is no longer in the change log, what it pushed since is no
// longer applied, and the restored database hands out transaction ids again from where the
// backup stood. A desk must say so and keep what it has, never page on past the changes the
// restored database writes. The backup is a PGlite head office's own, taken while it serves and
// put back by `admin restore` (as a file-level or point-in-time restore of PostgreSQL would be).

/** A head office on a PGlite folder that can be stopped, copied and started on the same port. */
async function headOffice() {
  const dataDir = tempDir('sportello-head-office-');
  let db: ServerDb;
  let app: FastifyInstance;
  let port = 0;
  const start = async () => {
    db = await openPglite(dataDir);
    await migrateServerDb(db);
    app = await buildApp({ db, logger: false });
    const url = await app.listen({ host: '127.0.0.1', port });
    port = Number(new URL(url).port);
  };
  await start();
  return {
    get db() {
      return db;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    async stop() {
      await app.close();
      await db.close();
    },
    start,
    /** The server's own backup, taken while it runs (as its daily one is). */
    async backUp(to: string) {
      await backUpPglite(db, to, Date.now());
    },
    /** The database fails, and `admin restore` puts the newest backup in `from` in its place. */
    async restore(from: string) {
      await this.stop();
      const [newest] = listBackups(from, serverBackupCode, 'tar.gz');
      await restorePglite(dataDir, newest!.file, Date.now());
      await start();
    },
  };
}

const opened: Desk[] = [];
afterEach(() => {
  for (const desk of opened.splice(0)) desk.close();
});

async function enrolled(server: { url: string }, code: string): Promise<Desk> {
  const dataDir = tempDir('sportello-restored-');
  const fresh = openDesk({ dataDir, logger: silentLogger });
  await enrolDesk(fresh, server.url, code);
  fresh.close();
  const desk = openDesk({ dataDir, logger: silentLogger });
  opened.push(desk);
  return desk;
}

/** A new site and its first desk, enrolled. */
async function enrolledSite(
  server: { db: ServerDb; url: string },
  code: string,
  kind: 'reception' | 'head_office',
): Promise<Desk> {
  const site = await createSite(server.db, testSiteRequest(code, kind), Date.now());
  return enrolled(server, site.enrolmentCode);
}

function transport(desk: Desk) {
  return httpTransport(settingsCredentialStore(desk.db, desk.secrets).load()!);
}

function round(desk: Desk) {
  return syncOnce(desk, transport(desk));
}

describe('the head office restored from a backup', () => {
  it('stops a desk that pulled past the backup, also one back after the restored database passed it, keeps its data, and a new enrolment starts its pull over', async () => {
    const backupDir = tempDir('sportello-head-office-backup-');
    const server = await headOffice();
    try {
      const reception = await enrolledSite(server, 'RM01', 'reception');
      const office = await enrolledSite(server, 'HQ', 'head_office');
      const first = (await expectOk(reception.call('createIntake', intakeInput()))) as OrderDetail;
      // A second head-office computer, which pulls and never writes.
      const laptop = await enrolled(
        server,
        (await newEnrolmentCodeForSite(server.db, 'HQ', Date.now()))!.enrolmentCode,
      );
      expect((await round(reception)).ok).toBe(true);
      expect((await round(office)).ok).toBe(true);

      // Last night's backup.
      await server.backUp(backupDir);

      // A morning's work: pushed, acknowledged, and pulled by the head office's desk.
      const morning: OrderDetail[] = [];
      for (let i = 0; i < 3; i++) {
        morning.push(
          (await expectOk(reception.call('createIntake', intakeInput()))) as OrderDetail,
        );
        expect((await round(reception)).ok).toBe(true);
      }
      expect((await round(office)).ok).toBe(true);
      expect((await round(laptop)).ok).toBe(true);
      const officeOrders = () =>
        office.db
          .select({ number: repairOrders.number })
          .from(repairOrders)
          .all()
          .map((o) => o.number)
          .sort();
      const held = officeOrders();
      expect(held).toEqual([first, ...morning].map((o) => o.number).sort());
      const cursor = readCursor(office.db);

      // The database fails and last night's backup is restored.
      await server.restore(backupDir);

      const refused = await round(office);
      expect(refused).toMatchObject({ ok: false, error: 'pull_cursor_ahead', pulled: 0 });
      expect(readPullHalt(office.db)).toMatchObject({ reason: 'cursor_ahead', cursor });
      const metrics = (await (await fetch(`${server.url}/metrics`)).json()) as {
        pullCursorsRefused: number;
      };
      expect(metrics.pullCursorsRefused).toBe(1);
      expect(await (await fetch(`${server.url}/metrics?format=prometheus`)).text()).toMatch(
        /^sportello_pull_cursors_refused_total 1$/m,
      );
      expect(officeOrders()).toEqual(held);
      expect(readCursor(office.db)).toBe(cursor);
      const status = (await expectOk(office.call('getSyncStatus', {}))) as SyncStatus;
      expect(status).toMatchObject({ online: true, lastError: 'pull_cursor_ahead' });
      // `npm run cli -- sync` says what happened and what to do.
      const out: string[] = [];
      const code = await runCli(['sync'], {
        io: { out: (t) => out.push(t), err: (t) => out.push(t) },
        openDesk: () => office,
      });
      expect(code).toBe(1);
      expect(out.join('')).toContain('problem: pull_cursor_ahead');
      expect(out.join('')).toContain('HEAD OFFICE RESTORED');
      expect(officeOrders()).toEqual(held);

      // The reception desk's next change finds its earlier ones missing at the head office.
      const later = (await expectOk(
        reception.call('changeStatus', {
          orderId: first.id,
          expectedStatus: 'received',
          to: 'cancelled',
          reason: 'customer withdrew',
        }),
      )) as OrderDetail;
      expect(later.status).toBe('cancelled');
      expect(await round(reception)).toMatchObject({ ok: false, error: 'push_gap' });
      const waiting = (await expectOk(reception.call('getSyncStatus', {}))) as SyncStatus;
      expect(waiting.waiting).toBeGreaterThan(0);

      // The restored database goes on working, until its transaction ids pass the desk's
      // cursor: the desk does not page on from there (it would skip what came in between).
      await server.db.query('SELECT count(pg_current_xact_id()) FROM generate_series(1, 1)');
      for (let i = 0; i < 60; i++)
        await server.db.transaction(async (tx) => {
          await tx.query('SELECT pg_current_xact_id()');
        });
      const [bound] = await server.db.query<{ passed: boolean }>(
        'SELECT $1::text::xid8 < pg_snapshot_xmax(pg_current_snapshot()) AS passed',
        [cursor.split(':')[0]],
      );
      expect(bound!.passed).toBe(true);
      expect(await round(office)).toMatchObject({ ok: false, error: 'pull_cursor_ahead' });
      // The laptop was off all along: its cursor is no longer ahead of the restored database,
      // but the change it names is not there.
      const laptopCursor = readCursor(laptop.db);
      const [laptopBound] = await server.db.query<{ passed: boolean }>(
        'SELECT $1::text::xid8 < pg_snapshot_xmax(pg_current_snapshot()) AS passed',
        [laptopCursor.split(':')[0]],
      );
      expect(laptopBound!.passed).toBe(true);
      expect(await round(laptop)).toMatchObject({ ok: false, error: 'pull_cursor_ahead' });
      expect(readCursor(laptop.db)).toBe(laptopCursor);

      // Enrolled again, the reception desk sends what waited; the head office's desk downloads
      // the restored database from the beginning.
      for (const [desk, code] of [
        [reception, 'RM01'],
        [office, 'HQ'],
        [laptop, 'HQ'],
      ] as const) {
        const again = await newEnrolmentCodeForSite(server.db, code, Date.now());
        await enrolDesk(desk, server.url, again!.enrolmentCode);
      }
      expect(await round(reception)).toMatchObject({ ok: true });
      for (const desk of [office, laptop]) {
        const resumed = await round(desk);
        expect(resumed).toMatchObject({ ok: true });
        expect(resumed.pulled).toBeGreaterThan(0);
        expect(readPullHalt(desk.db)).toBeNull();
      }
      const [onServer] = await server.db.query<{ status: string }>(
        `SELECT data->>'status' AS status FROM records WHERE tbl = 'repair_orders' AND id = $1`,
        [first.id],
      );
      expect(onServer!.status).toBe('cancelled');
      expect(
        office.db
          .select({ status: repairOrders.status })
          .from(repairOrders)
          .all()
          .filter((o) => o.status === 'cancelled'),
      ).toHaveLength(1);

      // The morning's intakes, which the restored database lost, went again from the reception
      // desk ahead of its queue: the head office holds them once more, under their numbers, and
      // the head office's computers pulled them back.
      const restoredNumbers = await server.db.query<{ number: string }>(
        `SELECT data->>'number' AS number FROM records WHERE tbl = 'repair_orders' ORDER BY 1`,
      );
      expect(restoredNumbers.map((r) => r.number)).toEqual(held);
      const series = await server.db.query<{ n: number }>(
        'SELECT n FROM series_numbers ORDER BY n',
      );
      expect(series.map((r) => Number(r.n))).toEqual([1, 2, 3, 4]);
      // Their audit rows came back too, from the reception desk's own trail, each once.
      const audited = await server.db.query<{ id: string }>(
        `SELECT id FROM records WHERE tbl = 'audit_log' AND data->>'originSiteId' = $1`,
        [reception.site.id],
      );
      const trail = reception.db.select({ id: auditLog.id }).from(auditLog).all();
      expect(audited.map((r) => r.id).sort()).toEqual(trail.map((r) => r.id).sort());
      expect(await round(office)).toMatchObject({ ok: true });
      expect(officeOrders()).toEqual(held);
      const settled = (await expectOk(reception.call('getSyncStatus', {}))) as SyncStatus;
      expect(settled).toMatchObject({ waiting: 0, rejected: [], lastError: null });
    } finally {
      await server.stop();
    }
  }, 120_000);
  it('stops a desk with nothing to send whose acknowledged push the restored database lost, and its new enrolment sends that push again', async () => {
    const backupDir = tempDir('sportello-head-office-backup-');
    const server = await headOffice();
    try {
      const reception = await enrolledSite(server, 'RM01', 'reception');
      const first = (await expectOk(reception.call('createIntake', intakeInput()))) as OrderDetail;
      expect((await round(reception)).ok).toBe(true);
      const cursor = readCursor(reception.db);

      await server.backUp(backupDir);

      // The intake goes up and is acknowledged; the server goes down before the round's pull,
      // so the desk's cursor still names a change the backup holds.
      const second = (await expectOk(reception.call('createIntake', intakeInput()))) as OrderDetail;
      expect(await pushOutbox(reception.db, transport(reception), Date.now)).toMatchObject({
        accepted: 1,
      });
      expect(readCursor(reception.db)).toBe(cursor);
      await server.restore(backupDir);

      // Nothing is queued, so no push meets the gap: the pull's first page says what the head
      // office holds of this desk's pushes, and it is less than it acknowledged.
      const status = (await expectOk(reception.call('getSyncStatus', {}))) as SyncStatus;
      expect(status.waiting).toBe(0);
      expect(await round(reception)).toMatchObject({ ok: false, error: 'push_gap', pulled: 0 });
      expect(readPullHalt(reception.db)).toMatchObject({ reason: 'push_gap', cursor });
      expect(readCursor(reception.db)).toBe(cursor);
      expect(await round(reception)).toMatchObject({ ok: false, error: 'push_gap' });

      // Enrolled again, it sends what the head office acknowledged and lost.
      const again = await newEnrolmentCodeForSite(server.db, 'RM01', Date.now());
      await enrolDesk(reception, server.url, again!.enrolmentCode);
      expect(await round(reception)).toMatchObject({ ok: true });
      const numbers = await server.db.query<{ number: string }>(
        `SELECT data->>'number' AS number FROM records WHERE tbl = 'repair_orders' ORDER BY 1`,
      );
      expect(numbers.map((r) => r.number)).toEqual([first.number, second.number]);
      expect(await round(reception)).toMatchObject({ ok: true });
    } finally {
      await server.stop();
    }
  }, 60_000);
});
