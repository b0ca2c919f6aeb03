import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SiteDetails } from '../../core/contract/desk';
import { mutationSchemaVersion, type SiteRow } from '../../core/contract/replication';
import { sites } from '../../core/db/schema';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { newIntakeReceipt, pdfText } from '../core/documents/document-builders';
import { expectOk, tempDir } from '../support/desk';
import { headOffice, setUpHeadOffice } from '../support/people';
import {
  authorizationOf,
  enrolledDesk,
  rawPush,
  reopenDesk,
  serverCounts,
} from '../support/sync-desk';
import {
  backends,
  startTestServer,
  untilPullsSeeEverything,
  warmUpBackend,
  type TestServer,
} from '../support/sync-server';

async function serverSite(server: TestServer, id: string): Promise<SiteRow> {
  const [row] = await server.db.query<{ data: SiteRow }>(
    `SELECT data FROM records WHERE tbl = 'sites' AND id = $1`,
    [id],
  );
  return row!.data;
}

function localSite(desk: Desk, id: string) {
  return desk.db.select().from(sites).where(eq(sites.id, id)).get()!;
}

/** A `site.update` as a desk would push it, whatever its desk would have let through. */
function siteUpdate(seq: number, id: string, patch: Record<string, unknown>) {
  return {
    seq,
    mutationId: uuidv7(),
    name: 'site.update',
    args: { id, patch: { ...patch, updatedAt: Date.now() } },
    schemaVersion: mutationSchemaVersion,
    clientAt: Date.now(),
    userId: uuidv7(),
  };
}

describe.each(backends)("a site's legal details corrected at a desk (%s)", (backend) => {
  let server: TestServer;
  beforeAll(() => warmUpBackend(backend), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('reach the head office and every desk, each detail merged on its own, and the next receipt prints them', async () => {
    server = await startTestServer(backend);
    const counter = await enrolledDesk(server, 'MI01');
    const hq = await enrolledDesk(server, 'HQ', 'head_office');
    const turin = await enrolledDesk(server, 'TO01');
    const id = counter.site.id;
    await hq.sync();

    // Both correct a different detail of MI01 before either has synced.
    await expectOk(counter.call('updateSiteDetails', { address: 'Via Torino 5, Milano' }));
    await expectOk(
      hq.call('updateSiteDetails', { siteId: id, vatNumber: '12345678903', phone: '02 555 0101' }),
    );
    expect((await counter.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await hq.sync()).push).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await serverSite(server, id)).legal).toMatchObject({
      legalName: 'Site MI01',
      address: 'Via Torino 5, Milano',
      vatNumber: '12345678903',
      phone: '02 555 0101',
    });

    // Every desk converges on the merged row; the counter prints it without a restart.
    for (const desk of [counter, hq, turin]) {
      expect((await desk.sync()).ok).toBe(true);
      expect(localSite(desk, id)).toMatchObject({
        legal: { address: 'Via Torino 5, Milano', vatNumber: '12345678903' },
      });
    }
    const text = pdfText((await newIntakeReceipt(counter, 'a4', 'it')).pdf);
    expect(text).toContain('Via Torino 5, Milano');
    expect(text).toContain('12345678903');
  });

  it('are refused, changing nothing, from a desk that is neither the head office nor the site, or for what no desk may change', async () => {
    server = await startTestServer(backend);
    const counter = await enrolledDesk(server, 'MI01');
    const turin = await enrolledDesk(server, 'TO01');
    await untilPullsSeeEverything(server.db);
    const id = counter.site.id;
    const before = await serverSite(server, id);
    const counts = await serverCounts(server);

    const other = await rawPush(server.url, authorizationOf(turin), {
      mutations: [siteUpdate(1, id, { legal: { address: 'Via Sbagliata 1' } })],
    });
    expect(other.body.outcomes).toEqual([
      expect.objectContaining({
        status: 'rejected',
        code: 'out_of_scope',
        params: { table: 'sites', reason: 'own_site_only' },
      }),
    ]);
    const own = await rawPush(server.url, authorizationOf(counter), {
      mutations: [
        siteUpdate(1, id, { currency: 'USD' }),
        siteUpdate(2, id, { code: 'XX01', legal: { address: 'Via Giusta 2' } }),
        siteUpdate(3, id, { legal: { timezone: 'Asia/Tokyo' } }),
        siteUpdate(4, id, { legal: { vatNumber: '12345678901' } }),
      ],
    });
    expect(
      (own.body.outcomes as { code: string; params: unknown }[]).map((o) => [o.code, o.params]),
    ).toEqual([
      ['validation', { field: 'patch.currency', issue: 'not_changeable' }],
      ['validation', { field: 'patch.code', issue: 'not_changeable' }],
      ['validation', { field: 'patch.legal.timezone', issue: 'not_changeable' }],
      ['validation', { field: 'patch.legal.vatNumber', issue: 'invalid_vat_number' }],
    ]);
    expect(await serverSite(server, id)).toEqual(before);
    const after = await serverCounts(server);
    expect({ ...after, applied: 0, change_log: 0 }).toEqual({
      ...counts,
      applied: 0,
      change_log: 0,
    });
  });

  it('a head office set up at first run corrects its details, then joins: the correction travels', async () => {
    server = await startTestServer(backend);
    const dir = tempDir();
    const firstRun = openDesk({ dataDir: dir });
    const admin = await setUpHeadOffice(firstRun);
    const saved = (await expectOk(
      firstRun.callWithSession(admin.token, 'updateSiteDetails', { phone: '+39 02 555 0100' }),
    )) as SiteDetails;
    expect(saved.legal.phone).toBe('+39 02 555 0100');
    const { code, siteId } = await server.createSite(headOffice.site.code, 'head_office');
    await enrolDesk(firstRun, server.url, code);
    firstRun.close();

    const desk = reopenDesk(dir, server.url, () => untilPullsSeeEverything(server.db));
    const round = await desk.sync();
    expect(round).toMatchObject({ ok: true, push: { rejected: 0 } });
    // The server's row stands, with the one detail corrected at the desk.
    expect((await serverSite(server, siteId)).legal).toEqual({
      legalName: `Site ${headOffice.site.code}`,
      address: '',
      phone: '+39 02 555 0100',
    });
    expect((await desk.sync()).ok).toBe(true);
    expect(desk.site.legal).toMatchObject({ phone: '+39 02 555 0100' });
  });
});
