import fc from 'fast-check';
import { corrupt } from '../support/fuzz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationOf, enrolledDesk } from '../support/sync-desk';
import { startTestServer, testSiteRequest, type TestServer } from '../support/sync-server';

/** A code as the contract wants it (2–8 capital letters or digits): taken, or not yet. */
const aCode = fc.stringMatching(/^[A-Z0-9]{2,8}$/);

/** A value a person or a broken client could send where a code, an id or a number is expected. */
const oddText = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', 'RM01', 'rm01', 'FZ01', 'FZ01B', '0:0', '1:1', '-1:0', 'null', '%00'),
  fc.uuid(),
  fc.integer().map(String),
);

// The pull, the enrolment and the admin routes take text from outside too: whatever arrives, the
// answer is a 2xx, or a 4xx with a reason and nothing changed; never a server error.
describe('the pull, enrolment and admin endpoints under fuzzed input', () => {
  let server: TestServer;
  let auth: string;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    auth = authorizationOf(await enrolledDesk(server, 'FZ01'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  /** What the server holds, as one hash (the desks' last-seen times aside: a request sets them). */
  async function stateDigest(): Promise<string> {
    const [row] = await server.db.query<{ digest: string }>(
      `SELECT md5(concat_ws('|',
         (SELECT string_agg(tbl || id || data::text, ',' ORDER BY tbl, id) FROM records),
         (SELECT count(*) FROM change_log),
         (SELECT string_agg(id || site_id || last_seq || coalesce(revoked_at::text, '-'), ',' ORDER BY id) FROM desks),
         (SELECT string_agg(code_hash || coalesce(used_at::text, '-'), ',' ORDER BY code_hash) FROM enrolment_codes),
         (SELECT string_agg(code || site_id, ',' ORDER BY code) FROM series_codes),
         (SELECT string_agg(code, ',' ORDER BY code) FROM site_registry))) AS digest`,
    );
    return row!.digest;
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, text };
  }

  /** A refusal: a 4xx whose body names an error code, and the server as it was. */
  async function expectRefused(
    answer: { status: number; text: string },
    before: string,
    statuses: number[],
  ) {
    expect(statuses).toContain(answer.status);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: expect.any(String) } });
    expect(await stateDigest()).toBe(before);
  }

  it('a pull with any cursor, limit and count is a page or a refusal with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          oddText,
          fc.constant('0:0'),
          // Well formed, but naming no change this database served.
          fc.tuple(fc.bigInt(1n, 2n ** 62n), fc.bigInt(0n, 2n ** 62n)).map(([x, q]) => `${x}:${q}`),
        ),
        fc.option(fc.oneof(oddText, fc.integer({ min: -5, max: 6000 }).map(String)), {
          nil: undefined,
        }),
        fc.option(fc.oneof(oddText, fc.constantFrom('0', '1')), { nil: undefined }),
        async (cursor, limit, count) => {
          const before = await stateDigest();
          const query = new URLSearchParams({ cursor });
          if (limit !== undefined) query.set('limit', limit);
          if (count !== undefined) query.set('count', count);
          const answer = await call('GET', `/sync/pull?${query}`, { authorization: auth });
          if (answer.status === 200) {
            const lines = answer.text.trim().split('\n');
            expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'end' });
            expect(await stateDigest()).toBe(before);
            return;
          }
          await expectRefused(answer, before, [400, 409]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an enrolment with any body, or a wrong code, is refused and spends nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          oddText.map((code) => JSON.stringify({ code })),
          fc.jsonValue().map((code) => JSON.stringify({ code })),
        ),
        async (body) => {
          const before = await stateDigest();
          await expectRefused(await call('POST', '/enrol', {}, body), before, [400, 401]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the admin routes take any site, series, desk id or body: done, or refused with nothing changed', async () => {
    const admin = { 'x-admin-key': server.adminKey };
    const valid = testSiteRequest('FZ02', 'reception');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // A new site: any body, or a valid one with one value changed.
          fc
            .oneof(
              fc.json(),
              fc
                .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), fc.jsonValue())
                .map(([path, value]) => JSON.stringify(corrupt(valid, path, value))),
              aCode.map((code) => JSON.stringify({ ...valid, code })),
            )
            .map((body) => ({ method: 'POST' as const, path: '/admin/sites', body })),
          // A code for a site: any site, with any series or desk to replace.
          fc
            .tuple(
              fc.oneof(oddText, fc.constant('FZ01')),
              fc.oneof(
                fc.json(),
                fc
                  .record(
                    {
                      series: fc.oneof(oddText, aCode, fc.jsonValue()),
                      replaces: fc.oneof(oddText, fc.jsonValue()),
                    },
                    { requiredKeys: [] },
                  )
                  .map((body) => JSON.stringify(body)),
              ),
            )
            .map(([site, body]) => ({
              method: 'POST' as const,
              path: `/admin/sites/${encodeURIComponent(site)}/enrolment-codes`,
              body,
            })),
          // The desks of any site, and revoking any desk id.
          fc.oneof(oddText, fc.constant('FZ01')).map((site) => ({
            method: 'GET' as const,
            path: `/admin/desks?${new URLSearchParams({ site })}`,
            body: undefined,
          })),
          oddText.map((id) => ({
            method: 'POST' as const,
            path: `/admin/desks/${encodeURIComponent(id)}/revoke`,
            body: undefined,
          })),
        ),
        async (request) => {
          const before = await stateDigest();
          const answer = await call(request.method, request.path, admin, request.body);
          if (answer.status === 200) return;
          await expectRefused(answer, before, [400, 404, 409]);
        },
      ),
      { numRuns: 120 },
    );
    // No guessed id revoked the desk.
    expect(await server.db.query('SELECT id FROM desks WHERE revoked_at IS NULL')).toHaveLength(1);
  });
});
