import { count } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialCursor } from '../../../core/contract/replication';
import { repairOrders } from '../../../core/db/schema';
import type { Db } from '../../../core/db/open';
import { syncOnce } from '../../../core/sync/sync-once';
import { readCursor, settingsCredentialStore } from '../../../core/sync/sync-state';
import { httpTransport } from '../../../core/sync/transport';
import { expectOk, intakeInput } from '../../support/desk';
import { enrolledDesk, type SyncedDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

// Over HTTP, whatever arrives of a page, it applies whole or not at all: a page cut short (no end
// line) or with a line outside the contract leaves the desk where the page began.

const pageSize = 5;
const orders = (db: Db) => db.select({ n: count() }).from(repairOrders).get()!.n;

/**
 * The desk's HTTP transport whose `spoiledPage`-th pull answer (1-based) is rewritten by `spoil`
 * and delivered in chunks of the given sizes (cycled), as a network delivers it.
 */
function transportFor(
  desk: SyncedDesk,
  spoiledPage: number,
  spoil: (body: string) => { body: string; fail?: boolean },
  chunkSizes: number[] = [64],
) {
  const requests: string[] = [];
  const credentials = settingsCredentialStore(desk.db, desk.secrets).load()!;
  const transport = httpTransport(credentials, async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/sync/pull')) return response;
    requests.push(url.searchParams.get('cursor')!);
    if (requests.length !== spoiledPage) return response;
    const { body, fail } = spoil(await response.text());
    const bytes = new TextEncoder().encode(body);
    let at = 0;
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) {
          // A connection reset, or the server closing the stream early without an error.
          if (fail) controller.error(new Error('connection reset'));
          else controller.close();
          return;
        }
        const size = chunkSizes[i++ % chunkSizes.length]!;
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    });
    return new Response(stream, { status: response.status, headers: response.headers });
  });
  return { transport, requests };
}

describe('a pulled page over HTTP', () => {
  let server: TestServer;
  let sites = 0;
  beforeAll(async () => {
    await warmUpBackend('pglite');
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    for (let i = 0; i < 6; i++) await expectOk(desk.call('createIntake', intakeInput()));
    expect((await desk.sync()).push.rejected).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const headOffice = () => enrolledDesk(server, `HQ${++sites}`, 'head_office');

  /** After page 1 alone: what a desk holds when page 2 applied nothing. */
  async function afterFirstPage() {
    const desk = await headOffice();
    await syncOnce(desk, desk.transport, { pageSize, maxPages: 1 });
    return { cursor: readCursor(desk.db), orders: orders(desk.db) };
  }

  it('a page cut anywhere before its end line, delivered in any chunks, applies nothing', async () => {
    const expected = await afterFirstPage();
    expect(expected.cursor).not.toBe(initialCursor);
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (where, chunkSizes, reset) => {
          const desk = await headOffice();
          const { transport, requests } = transportFor(
            desk,
            2,
            (body) => {
              // Anywhere up to the end line's last character: the page never says it is whole.
              const endLine = body.trimEnd().lastIndexOf('\n') + 1;
              const last = body.trimEnd().length - 1;
              expect(JSON.parse(body.slice(endLine)).type).toBe('end');
              return { body: body.slice(0, Math.floor(where * last)), fail: reset };
            },
            chunkSizes,
          );
          const round = await syncOnce(desk, transport, { pageSize });
          expect(round.ok).toBe(false);
          // Page 1 applied with its cursor; page 2 not at all, so the cursor is where it began.
          expect(requests).toHaveLength(2);
          expect(readCursor(desk.db)).toBe(requests[1]);
          expect(readCursor(desk.db)).toBe(expected.cursor);
          expect(orders(desk.db)).toBe(expected.orders);
          // And the next round takes it from there.
          expect((await syncOnce(desk, desk.transport, { pageSize })).ok).toBe(true);
          expect(orders(desk.db)).toBe(6);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  it('a page with one line outside the contract applies none of its lines, wherever it is', async () => {
    const expected = await afterFirstPage();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<(line: Record<string, unknown>) => unknown>(
          (line) => ({ ...line, op: 'replace' }),
          (line) => ({ ...line, id: 7 }),
          (line) => ({ ...line, data: 'row' }),
          () => '{"type":"change",',
        ),
        async (which, spoilLine) => {
          const desk = await headOffice();
          const { transport, requests } = transportFor(desk, 2, (body) => {
            const lines = body.trimEnd().split('\n');
            const changes = lines.length - 1;
            const at = which % changes;
            const spoiled = spoilLine(JSON.parse(lines[at]!) as Record<string, unknown>);
            lines[at] = typeof spoiled === 'string' ? spoiled : JSON.stringify(spoiled);
            return { body: lines.join('\n') + '\n' };
          });
          const round = await syncOnce(desk, transport, { pageSize });
          expect(round.ok).toBe(false);
          expect(readCursor(desk.db)).toBe(requests[1]);
          expect(readCursor(desk.db)).toBe(expected.cursor);
          expect(orders(desk.db)).toBe(expected.orders);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});
