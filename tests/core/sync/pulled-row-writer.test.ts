import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sites } from '../../../core/db/schema';
import { PulledRowWriter } from '../../../core/sync/pulled-row-writer';
import { testDesk } from '../../support/desk';

const text = fc.string({ minLength: 1, maxLength: 12 });

/** A site row as the server sends it: JSON columns, booleans, optional nullable fields. */
const siteRow = fc.record(
  {
    id: fc.constantFrom('s-1', 's-2'),
    originSiteId: text,
    createdAt: fc.nat(),
    updatedAt: fc.nat(),
    code: fc.constantFrom('AA01', 'BB02'),
    name: text,
    kind: fc.constantFrom('reception', 'head_office'),
    timezone: text,
    country: fc.constantFrom('IT', 'RU'),
    currency: fc.constantFrom('EUR', 'RUB'),
    locale: fc.constantFrom('it-IT', 'ru-RU'),
    legal: fc.record({ legalName: text, address: text }, { noNullPrototype: true }),
    slaPolicyId: fc.option(text, { nil: null }),
    active: fc.boolean(),
    unknownColumn: text,
  },
  {
    requiredKeys: ['id', 'originSiteId', 'createdAt', 'updatedAt', 'code', 'name', 'kind'],
    // As JSON.parse makes them (drizzle cannot read null-prototype objects).
    noNullPrototype: true,
  },
);

describe('the pulled-row writer', () => {
  it('stores exactly what drizzle’s upsert stores, for any sequence of pulled rows', () => {
    fc.assert(
      fc.property(fc.array(siteRow, { minLength: 1, maxLength: 6 }), (rows) => {
        const viaDrizzle = testDesk();
        const viaWriter = testDesk();
        try {
          const writer = new PulledRowWriter(viaWriter.db.$client);
          const results = rows.map((row) => {
            // Both sides refuse the same rows (a missing NOT NULL column on first insert).
            let drizzleError = false;
            let writerError = false;
            try {
              viaDrizzle.db
                .insert(sites)
                .values(row as typeof sites.$inferInsert)
                .onConflictDoUpdate({ target: sites.id, set: row })
                .run();
            } catch {
              drizzleError = true;
            }
            try {
              writer.upsert(sites, row);
            } catch {
              writerError = true;
            }
            return [drizzleError, writerError];
          });
          for (const [a, b] of results) expect(b).toBe(a);
          for (const id of ['s-1', 's-2']) {
            const read = (desk: typeof viaWriter) =>
              desk.db.select().from(sites).where(eq(sites.id, id)).get();
            expect(read(viaWriter)).toEqual(read(viaDrizzle));
          }
        } finally {
          viaDrizzle.close();
          viaWriter.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
