import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deferSecondaryIndexes,
  deferredIndexes,
  restoreDeferredIndexes,
} from '../../../core/db/deferred-indexes';
import { defaultMigrationsFolder, openDatabase, type Db } from '../../../core/db/open';
import { tempDir } from '../../support/desk';

function indexesOf(db: Db): Record<string, string> {
  const rows = db.$client
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
}

/** The shipped migrations and one more, of a later version, that rebuilds `customers_phone`. */
function migrationsWithOneMore(): string {
  const folder = path.join(tempDir('sportello-migrations-'), 'migrations');
  fs.cpSync(defaultMigrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; when: number; tag: string }[];
  };
  const last = journal.entries.at(-1)!;
  const tag = `${String(last.idx + 1).padStart(4, '0')}_customers_phone_and_name`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  fs.writeFileSync(
    path.join(folder, `${tag}.sql`),
    'DROP INDEX `customers_phone`;--> statement-breakpoint\n' +
      'CREATE INDEX `customers_phone` ON `customers` (`phone`,`name`);',
  );
  return folder;
}

const bulkTables = ['customers', 'devices', 'repair_orders', 'order_events', 'audit_log'];

describe('secondary indexes set aside for a bootstrap', () => {
  it('sets aside only non-unique indexes the apply does not look up by, and builds them back', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    const db = openDatabase({ file });
    const before = indexesOf(db);
    db.$client.transaction(() => deferSecondaryIndexes(db.$client, bulkTables))();
    const during = indexesOf(db);
    const setAside = Object.keys(before).filter((name) => !(name in during));
    expect(setAside).toEqual(
      expect.arrayContaining(['customers_phone', 'customers_name', 'devices_serial']),
    );
    // Constraints and what evictions and erasures look rows up by stay.
    expect(Object.keys(during)).toEqual(
      expect.arrayContaining([
        'repair_orders_number',
        'order_events_order',
        'repair_orders_customer',
        'users_login',
      ]),
    );
    // Only the tables named: the invoices' and parts' indexes are untouched.
    expect(during).toMatchObject({
      invoices_issued: before.invoices_issued,
      parts_sku: before.parts_sku,
    });
    expect(deferredIndexes(db.$client).map((index) => index.name)).toEqual(setAside);

    // A second bootstrap round adds to the note; nothing is noted twice.
    db.$client.transaction(() => deferSecondaryIndexes(db.$client, ['parts']))();
    expect(deferredIndexes(db.$client).map((index) => index.name)).toEqual([
      ...setAside,
      'parts_sku',
    ]);

    expect(restoreDeferredIndexes(db.$client)).toBe(setAside.length + 1);
    expect(indexesOf(db)).toEqual(before);
    expect(deferredIndexes(db.$client)).toEqual([]);
    expect(restoreDeferredIndexes(db.$client)).toBe(0);
    db.$client.close();
  });

  it('a drop rolled back with its page leaves neither the note nor missing indexes', () => {
    const db = openDatabase({ file: path.join(tempDir(), 'desk.sqlite') });
    const before = indexesOf(db);
    expect(() =>
      db.$client.transaction(() => {
        deferSecondaryIndexes(db.$client, bulkTables);
        throw new Error('the page failed to apply');
      })(),
    ).toThrow('the page failed to apply');
    expect(indexesOf(db)).toEqual(before);
    expect(deferredIndexes(db.$client)).toEqual([]);
    db.$client.close();
  });

  it('a desk reopened by a later version builds them before a migration that names one runs', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    const old = openDatabase({ file });
    const before = indexesOf(old);
    old.$client.transaction(() => deferSecondaryIndexes(old.$client, bulkTables))();
    expect(indexesOf(old)).not.toHaveProperty('customers_phone');
    old.$client.close(); // the bootstrap stopped here: a crash, or the desk was updated

    const updated = openDatabase({ file, migrationsFolder: migrationsWithOneMore() });
    expect(indexesOf(updated)).toEqual({
      ...before,
      customers_phone: 'CREATE INDEX `customers_phone` ON `customers` (`phone`,`name`)',
    });
    expect(deferredIndexes(updated.$client)).toEqual([]);
    updated.$client.close();
  });
});
