import type { Sql } from './db/connection';
import { SliceTx } from './slice-tx';

export type RecordData = Record<string, unknown>;

/** A PostgreSQL array literal of ids (uuids and codes: no quoting problems). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '')}"`).join(',')}}`;
}

export async function readRecord(
  tx: Sql,
  tbl: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<{ data: RecordData; sites: string[] | null } | null> {
  if (tx instanceof SliceTx) {
    if (tx.buffering) return tx.read(tbl, id, options.lock ?? false);
    tx.noteRead(tbl, id);
  }
  const rows = await tx.query<{ data: RecordData; sites: string[] | null }>(
    `SELECT data, sites FROM records WHERE tbl = $1 AND id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [tbl, id],
  );
  return rows[0] ?? null;
}

/**
 * Writes a row and logs the change for pulls. An existing row is merged field by field
 * (`data || patch`): the last writer, in the server's commit order, wins per field.
 * `sites` null means reference data every desk receives.
 */
export async function writeRecord(
  tx: Sql,
  change: {
    tbl: string;
    id: string;
    data: RecordData;
    sites: readonly string[] | null;
    now: number;
    orderId?: string;
  },
): Promise<void> {
  if (tx instanceof SliceTx && tx.buffering) {
    tx.write(change);
    tx.logChange({ tbl: change.tbl, id: change.id, op: 'upsert', sites: copy(change.sites) });
    return;
  }
  const sites = change.sites ? textArray(change.sites) : null;
  await tx.query(
    `INSERT INTO records (tbl, id, data, sites, order_id, updated_at)
     VALUES ($1, $2, $3::text::jsonb, $4::text::text[], $5, $6)
     ON CONFLICT (tbl, id) DO UPDATE SET data = records.data || EXCLUDED.data, sites = EXCLUDED.sites,
       updated_at = EXCLUDED.updated_at`,
    [change.tbl, change.id, JSON.stringify(change.data), sites, change.orderId ?? null, change.now],
  );
  await logChange(tx, change.tbl, change.id, 'upsert', change.sites);
}

export async function logChange(
  tx: Sql,
  tbl: string,
  id: string,
  op: 'upsert' | 'evict' | 'delete',
  sites: readonly string[] | null,
): Promise<void> {
  if (tx instanceof SliceTx && tx.buffering)
    return tx.logChange({ tbl, id, op, sites: copy(sites) });
  await tx.query(
    'INSERT INTO change_log (tbl, id, op, sites) VALUES ($1, $2, $3, $4::text::text[])',
    [tbl, id, op, sites ? textArray(sites) : null],
  );
}

const copy = (sites: readonly string[] | null) => (sites ? [...sites] : null);

/** The name a series of order numbers is kept under: `order-MI01-2026`. */
export function orderSeries(seriesCode: string, year: number): string {
  return `order-${seriesCode}-${year}`;
}

/**
 * Takes a number in a series (`orderSeries`) for a record; false when it is taken.
 * In a push slice the check against the database waits for the slice's flush.
 */
export async function takeSeriesNumber(
  tx: Sql,
  row: { siteId: string; series: string; n: number; recordId: string },
): Promise<boolean> {
  if (tx instanceof SliceTx && tx.buffering)
    return tx.takeSeries({
      site_id: row.siteId,
      series: row.series,
      n: row.n,
      record_id: row.recordId,
    });
  const taken = await tx.query(
    `INSERT INTO series_numbers (site_id, series, n, record_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING n`,
    [row.siteId, row.series, row.n, row.recordId],
  );
  return taken.length > 0;
}

/** Widens who may see a row (a customer or device gains the sites of a new order). */
export async function addRecordSites(
  tx: Sql,
  tbl: string,
  id: string,
  sites: readonly string[],
): Promise<string[]> {
  const rows = await tx.query<{ sites: string[] }>(
    `UPDATE records SET sites = ARRAY(SELECT DISTINCT unnest(coalesce(sites, '{}') || $3::text::text[]) ORDER BY 1)
      WHERE tbl = $1 AND id = $2 RETURNING sites`,
    [tbl, id, textArray(sites)],
  );
  return rows[0]?.sites ?? [];
}

/** JSON with object keys sorted: jsonb reorders keys, so rows compare by this form. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
