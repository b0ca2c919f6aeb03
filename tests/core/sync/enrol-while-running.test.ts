import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import type { SyncStatus } from '../../../core/contract/sync';
import { openDesk } from '../../../core/runtime/desk';
import { keepDeskSynced } from '../../../core/sync/desk-sync';
import { enrolDesk } from '../../../core/sync/enrol';
import { expectOk, intakeInput, tempDir } from '../../support/desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

/**
 * `npm run cli -- enrol` on the data folder of a desk app that is running: two processes, one
 * database. The app must neither go on as the site it was (an order numbered and scoped for a
 * site that is no longer this desk's, refused by the head office) nor wait for a restart to sync.
 */
describe('enrolled from the command line while the app runs', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('the running app is the new site at its next call and its loop starts by itself', async () => {
    server = await startTestServer('pglite');
    const { code } = await server.createSite('RM01', 'reception');
    const dir = tempDir();
    const app = openDesk({ dataDir: dir });
    const sync = keepDeskSynced(app, { idleMs: 200, watchMs: 100 });
    try {
      expect(app.site.code).toBe('MI01');
      expect(((await expectOk(app.call('getSyncStatus', {}))) as SyncStatus).enrolled).toBe(false);

      // The command line: its own connection to the same database.
      const cli = openDesk({ dataDir: dir });
      try {
        await enrolDesk(cli, server.url, code);
      } finally {
        cli.close();
      }

      expect(app.site.code).toBe('RM01');
      const order = (await expectOk(app.call('createIntake', intakeInput()))) as OrderDetail;
      expect(order.number).toMatch(/^RM01-/);
      await expect
        .poll(
          async () => {
            const status = (await expectOk(app.call('getSyncStatus', {}))) as SyncStatus;
            return { online: status.online, waiting: status.waiting, refused: status.rejected };
          },
          { timeout: 20_000 },
        )
        .toEqual({ online: true, waiting: 0, refused: [] });
      const onServer = await server.db.query<{ number: string }>(
        `SELECT data->>'number' AS number FROM records WHERE tbl = 'repair_orders'`,
      );
      expect(onServer.map((r) => r.number)).toEqual([order.number]);
    } finally {
      await sync.stop();
      app.close();
    }
  });
});
