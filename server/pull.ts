import { snapshotCursorPrefix, type PullChange, type PullEnd } from '../core/contract/replication';
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
  /**
   * Inside a download from `records` (the desk's cursor was older than the change log's archived
   * part): the last row sent. `xid:seq` is then the horizon the change log goes on from.
   */
  snapshot?: { tbl: string; id: string };
}

export function parseCursor(raw: string): ParsedCursor | null {
  const log = /^(\d{1,20}):(\d{1,20})$/.exec(raw);
  if (log) return { xid: log[1]!, seq: log[2]! };
  const snapshot = /^s:(\d{1,20}):(\d{1,20}):([a-z_]{0,40}):(.{0,100})$/.exec(raw);
  if (!snapshot) return null;
  return {
    xid: snapshot[1]!,
    seq: snapshot[2]!,
    snapshot: { tbl: snapshot[3]!, id: snapshot[4]! },
  };
}

function formatCursor(cursor: ParsedCursor): string {
  const at = `${cursor.xid}:${cursor.seq}`;
  return cursor.snapshot
    ? `${snapshotCursorPrefix}${at}:${cursor.snapshot.tbl}:${cursor.snapshot.id}`
    : at;
}

/** Whether change (xid, seq) `a` comes before `b` in pull order. */
function isBefore(a: ParsedCursor, b: ParsedCursor): boolean {
  const [ax, bx] = [BigInt(a.xid), BigInt(b.xid)];
  return ax < bx || (ax === bx && BigInt(a.seq) < BigInt(b.seq));
}

/** How far the change log has been archived (`archiveChanges`), or null if it never was. */
export async function readHorizon(db: Sql): Promise<ParsedCursor | null> {
  const [row] = await db.query<{ xid: string; seq: string }>(
    'SELECT xid::text AS xid, seq::text AS seq FROM change_log_horizon WHERE id = 1',
  );
  return row ?? null;
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

/** SQL: change ($xid, $seq) is at or before the archive's horizon (so no longer in the log). */
const archivedThrough = (xid: string, seq: string) =>
  `EXISTS (SELECT 1 FROM change_log_horizon h WHERE (${xid}::text::xid8, ${seq}::bigint) <= (h.xid, h.seq))`;

/**
 * Checked on the first page of a desk's round (the one it asks to count), one indexed read: a
 * cursor always names the last change of a page this database served, and the change log keeps
 * every change it has not archived (a cursor at or before the archive's horizon is not a sign of
 * anything), so a healthy database holds it and has handed out its transaction id. A restored
 * one has lost it, and, until it has made as many transactions again, has not reached its id.
 * The same read gives the last of this desk's pushes the database holds (`PullEnd.pushedThrough`):
 * a restored one may have lost pushes it acknowledged, which the desk then sees.
 */
async function firstPageChecks(db: Sql, deskId: string, cursor: ParsedCursor): Promise<number> {
  const checkCursor = cursor.xid !== '0';
  const [check] = await db.query<{ ahead: boolean; known: boolean; pushed: string | null }>(
    `SELECT ${checkCursor ? '$2::text::xid8 >= pg_snapshot_xmax(pg_current_snapshot())' : 'false'} AS ahead,
            ${checkCursor ? `(EXISTS (SELECT 1 FROM change_log WHERE xid = $2::text::xid8 AND seq = $3::bigint) OR ${archivedThrough('$2', '$3')})` : 'true'} AS known,
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
 * The rows of a desk's scope as they stand, after the row (`after`), in key order. The head
 * office holds all of them. Any other desk holds its site's rows (`site`) and the rows every desk
 * holds (`sites IS NULL`): two disjoint parts, each found by an index of its own (migration
 * 0009), so a small site's rows are not sought by a walk through every other site's. The planner
 * still reads a site with a large share of the rows in key order.
 */
function scopeRows(
  headOffice: boolean,
  columns: string,
  at: { after: [string, string]; site: string; limit?: string },
): string[] {
  const from = `SELECT ${columns} FROM records r WHERE (r.tbl, r.id) > (${at.after[0]}, ${at.after[1]})`;
  const inKeyOrder = at.limit ? ` ORDER BY r.tbl, r.id LIMIT ${at.limit}` : '';
  if (headOffice) return [`${from}${inKeyOrder}`];
  return [
    `${from} AND r.sites @> ARRAY[${at.site}::text]${inKeyOrder}`,
    `${from} AND r.sites IS NULL${inKeyOrder}`,
  ];
}

/** Changes in scope after ($1, $2), below the oldest running transaction. */
const logAfter = `FROM change_log c
      WHERE (c.xid, c.seq) > ($1::text::xid8, $2::bigint)
        AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
        AND ${scopeFilter}`;

interface PageRow {
  tbl: string;
  id: string;
  op: PullChange['op'];
  data: string | null;
}

/**
 * One page of changes after a log cursor, in (xid, seq) order. Only transactions older than the
 * oldest one still running are read (`xid < pg_snapshot_xmin(...)`): any transaction that could
 * still commit has an xid at or above that bound, so nothing can later appear behind the cursor.
 * The page is empty if the cursor is before the archive's horizon, read in the same statement:
 * an archive that commits while a desk pages on cannot take changes from under it unseen.
 */
async function logRows(db: Sql, scope: unknown[], cursor: ParsedCursor, limit: number) {
  return db.query<PageRow & { xid: string; seq: string }>(
    `SELECT c.xid::text AS xid, c.seq::text AS seq, c.tbl, c.id, c.op,
            CASE WHEN c.op = 'upsert' THEN r.data::text END AS data
       FROM change_log c LEFT JOIN records r ON r.tbl = c.tbl AND r.id = c.id
      WHERE (c.xid, c.seq) > ($1::text::xid8, $2::bigint)
        AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
        AND ${scopeFilter}
        AND NOT EXISTS (SELECT 1 FROM change_log_horizon h
                         WHERE (h.xid, h.seq) > ($1::text::xid8, $2::bigint))
      ORDER BY c.xid, c.seq
      LIMIT $5`,
    [cursor.xid, cursor.seq, ...scope, limit + 1],
  );
}

/** One page of the rows in scope as they stand, in key order, after the snapshot cursor's row. */
async function snapshotRows(
  db: Sql,
  desk: DeskPrincipal,
  after: { tbl: string; id: string },
  limit: number,
) {
  const row = `r.tbl, r.id, 'upsert' AS op, r.data::text AS data`;
  const headOffice = desk.siteKind === 'head_office';
  const parts = scopeRows(headOffice, row, { after: ['$1', '$2'], site: '$4', limit: '$3' });
  return db.query<PageRow>(
    parts.length === 1
      ? parts[0]!
      : `${parts.map((part) => `(${part})`).join(' UNION ALL ')} ORDER BY tbl, id LIMIT $3`,
    [after.tbl, after.id, limit + 1, ...(headOffice ? [] : [desk.siteId])],
  );
}

/**
 * Row data a page carries at most (one row always goes, whatever its size). A desk holds a page
 * and the one fetched ahead, parsed: 2500 of an intake's audit rows (~3 kB each), which a
 * download from `records` sends one after another, would be several times a usual page.
 */
const pageBytes = 2 * 1024 * 1024;

/** How many of the rows read (up to `limit`) go in the page. */
function pageLength(rows: readonly PageRow[], limit: number): number {
  let bytes = 0;
  const most = Math.min(rows.length, limit);
  for (let i = 0; i < most; i++) {
    bytes += rows[i]!.data?.length ?? 0;
    if (bytes > pageBytes && i > 0) return i;
  }
  return most;
}

/**
 * One page for a desk, as NDJSON lines. From a log cursor, the changes after it. From a cursor
 * before the archive's horizon (also 0:0, once the log has been archived), the rows of the
 * desk's scope as they stand in `records`, in key order, under snapshot cursors; after the last
 * of them, the change log from the horizon on. A row that changes while the desk downloads is
 * logged after the horizon, so it arrives again as it ends up; a change archived meanwhile moves
 * the horizon past the desk's cursor, and the desk downloads its scope again.
 * docs/decisions.md "Replication" and "The change log is archived" have the full argument.
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
  const counted = options.count !== false;
  const scope = [desk.siteKind === 'head_office', desk.siteId];
  const pushedThrough = counted ? await firstPageChecks(db, desk.deskId, cursor) : undefined;
  let at = cursor;
  let rows: PageRow[] = [];
  let next: ParsedCursor = cursor;
  let hasMore = false;
  // At most: the rest of a download from `records`, the change log, a new download (an archive
  // moved the horizon past it meanwhile), and the change log again.
  for (let leg = 0; leg < 4; leg++) {
    if (at.snapshot) {
      rows = await snapshotRows(db, desk, at.snapshot, limit);
      rows = rows.slice(0, pageLength(rows, limit));
      const last = rows.at(-1);
      // A page of a download always ends under a snapshot cursor, also its last one: the desk
      // sees where the download starts and ends (`core/sync/resync.ts`).
      if (last || at !== cursor) {
        next = last ? { ...at, snapshot: { tbl: last.tbl, id: last.id } } : at;
        hasMore = true;
        break;
      }
      at = { xid: at.xid, seq: at.seq };
    }
    const logged = await logRows(db, scope, at, limit);
    const length = pageLength(logged, limit);
    const last = logged[length - 1];
    if (!last) {
      const horizon = await readHorizon(db);
      if (horizon && isBefore(at, horizon)) {
        at = { ...horizon, snapshot: { tbl: '', id: '' } };
        continue;
      }
    }
    rows = logged.slice(0, length);
    next = last ? { xid: last.xid, seq: last.seq } : at;
    hasMore = logged.length > length;
    break;
  }
  const page = rows;
  const partner = desk.siteKind === 'workshop_partner';
  const lines = page.map((row) => {
    const data =
      partner && row.data !== null && row.tbl === 'customers'
        ? JSON.stringify(redactForPartner(row.tbl, JSON.parse(row.data) as RecordData))
        : (row.data ?? 'null');
    return `{"type":"change","tbl":${JSON.stringify(row.tbl)},"id":${JSON.stringify(row.id)},"op":"${row.op}","data":${data}}`;
  });
  let remaining: number | undefined = hasMore ? undefined : 0;
  if (hasMore && counted) {
    const [count] = await db.query<{ n: string }>(
      `SELECT ((SELECT count(*) ${logAfter})${
        next.snapshot
          ? scopeRows(desk.siteKind === 'head_office', 'count(*)', {
              after: ['$5', '$6'],
              site: '$4',
            })
              .map((part) => ` + (${part})`)
              .join('')
          : ''
      })::text AS n`,
      [
        next.xid,
        next.seq,
        ...scope,
        ...(next.snapshot ? [next.snapshot.tbl, next.snapshot.id] : []),
      ],
    );
    remaining = Number(count!.n);
  }
  const end: PullEnd = { type: 'end', cursor: formatCursor(next), hasMore };
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
