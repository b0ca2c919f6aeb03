import type { PullChange, PullEnd } from '../core/contract/replication';
import type { DeskPrincipal } from './auth';
import type { Sql } from './db/connection';
import type { RecordData } from './records';

/** What a partner workshop must never learn about a customer (see ARCHITECTURE.md §3). */
const partnerHiddenCustomerFields = ['email', 'taxId', 'vatNumber', 'address', 'notes'] as const;

/** A partner receives the device, the fault and the order number; the customer only as an id. */
function redactForPartner(tbl: string, data: RecordData): RecordData {
  if (tbl !== 'customers') return data;
  const redacted: RecordData = { ...data, name: '—', phone: '—' };
  for (const field of partnerHiddenCustomerFields) redacted[field] = null;
  return redacted;
}

export interface ParsedCursor {
  xid: string;
  seq: string;
}

export function parseCursor(raw: string): ParsedCursor | null {
  const m = /^(\d{1,20}):(\d{1,20})$/.exec(raw);
  return m ? { xid: m[1]!, seq: m[2]! } : null;
}

/**
 * The desk's cursor names a change this database does not hold, or a transaction it has not
 * reached yet: the database went back in time under the desk (restored from a backup). Paging on
 * would skip what the restored database writes at the places the lost changes held, so the pull
 * is refused instead, and the desk keeps what it has.
 */
export class CursorAhead extends Error {
  constructor(readonly cursor: ParsedCursor) {
    super(`cursor ${cursor.xid}:${cursor.seq} is ahead of this database`);
    this.name = 'CursorAhead';
  }
}

/**
 * Checked on the first page of a desk's round (the one it asks to count), one indexed read: a
 * cursor always names the last change of a page this database served, and the change log keeps
 * every change, so a healthy database holds it and has handed out its transaction id. A restored
 * one has lost it, and, until it has made as many transactions again, has not reached its id.
 * The same read gives the last of this desk's pushes the database holds (`PullEnd.pushedThrough`):
 * a restored one may have lost pushes it acknowledged, which the desk then sees.
 */
async function firstPageChecks(db: Sql, deskId: string, cursor: ParsedCursor): Promise<number> {
  const checkCursor = cursor.xid !== '0';
  const [check] = await db.query<{ ahead: boolean; known: boolean; pushed: string | null }>(
    `SELECT ${checkCursor ? '$2::text::xid8 >= pg_snapshot_xmax(pg_current_snapshot())' : 'false'} AS ahead,
            ${checkCursor ? 'EXISTS (SELECT 1 FROM change_log WHERE xid = $2::text::xid8 AND seq = $3::bigint)' : 'true'} AS known,
            (SELECT last_seq::text FROM desks WHERE id = $1) AS pushed`,
    checkCursor ? [deskId, cursor.xid, cursor.seq] : [deskId],
  );
  if (check!.ahead || !check!.known) throw new CursorAhead(cursor);
  return Number(check!.pushed ?? 0);
}

export interface PullOptions {
  /**
   * Count what is left after the page (a full scan of the rest: the desk asks on the first page
   * of a round and counts down from there, so a bootstrap does not rescan on every page).
   */
  count?: boolean;
}

/** One page as NDJSON lines (each a `PullChange`), ready to stream. */
export interface PulledLines {
  lines: string[];
  end: PullEnd;
}

/** The head office receives every change except evictions, which are addressed to the sites losing an order. */
const scopeFilter = `(($3::boolean AND c.op <> 'evict') OR c.sites IS NULL OR $4 = ANY(c.sites))`;

/**
 * One page of changes after `cursor`, in (xid, seq) order. Only transactions older than the
 * oldest one still running are read (`xid < pg_snapshot_xmin(...)`): any transaction that could
 * still commit has an xid at or above that bound, so nothing can later appear behind the cursor.
 * docs/decisions.md "Replication" has the full argument.
 *
 * Rows travel as the JSON text PostgreSQL already holds: the server splices it into each line
 * instead of parsing and re-serialising every row (only a partner's customers are rewritten).
 */
export async function pullPageLines(
  db: Sql,
  desk: DeskPrincipal,
  cursor: ParsedCursor,
  limit: number,
  options: PullOptions = {},
): Promise<PulledLines> {
  const headOffice = desk.siteKind === 'head_office';
  const rows = await db.query<{
    xid: string;
    seq: string;
    tbl: string;
    id: string;
    op: PullChange['op'];
    data: string | null;
  }>(
    `SELECT c.xid::text AS xid, c.seq::text AS seq, c.tbl, c.id, c.op,
            CASE WHEN c.op = 'upsert' THEN r.data::text END AS data
       FROM change_log c LEFT JOIN records r ON r.tbl = c.tbl AND r.id = c.id
      WHERE (c.xid, c.seq) > ($1::text::xid8, $2::bigint)
        AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
        AND ${scopeFilter}
      ORDER BY c.xid, c.seq
      LIMIT $5`,
    [cursor.xid, cursor.seq, headOffice, desk.siteId, limit + 1],
  );
  const pushedThrough =
    options.count !== false ? await firstPageChecks(db, desk.deskId, cursor) : undefined;
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  const next = last ? `${last.xid}:${last.seq}` : `${cursor.xid}:${cursor.seq}`;
  const partner = desk.siteKind === 'workshop_partner';
  const lines = page.map((row) => {
    const data =
      partner && row.data !== null && row.tbl === 'customers'
        ? JSON.stringify(redactForPartner(row.tbl, JSON.parse(row.data) as RecordData))
        : (row.data ?? 'null');
    return `{"type":"change","tbl":${JSON.stringify(row.tbl)},"id":${JSON.stringify(row.id)},"op":"${row.op}","data":${data}}`;
  });
  let remaining: number | undefined = 0;
  if (hasMore && last) {
    remaining = undefined;
    if (options.count !== false) {
      const [counted] = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM change_log c
          WHERE (c.xid, c.seq) > ($1::text::xid8, $2::bigint)
            AND c.xid < pg_snapshot_xmin(pg_current_snapshot()) AND ${scopeFilter}`,
        [last.xid, last.seq, headOffice, desk.siteId],
      );
      remaining = Number(counted!.n);
    }
  }
  const end: PullEnd = { type: 'end', cursor: next, hasMore };
  if (remaining !== undefined) end.remaining = remaining;
  if (pushedThrough !== undefined) end.pushedThrough = pushedThrough;
  return { lines, end };
}

/** The same page as objects, for in-process callers (the simulator's network). */
export async function pullPage(
  db: Sql,
  desk: DeskPrincipal,
  cursor: ParsedCursor,
  limit: number,
  options: PullOptions = {},
): Promise<{ changes: PullChange[]; end: PullEnd }> {
  const { lines, end } = await pullPageLines(db, desk, cursor, limit, options);
  return { changes: lines.map((line) => JSON.parse(line) as PullChange), end };
}
