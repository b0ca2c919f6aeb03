import type { Sql } from './db/connection';
import type { RecordData } from './records';

/** A row of `records` an applier means to read; `lock` takes it FOR UPDATE. */
export interface RecordKey {
  tbl: string;
  id: string;
  lock?: boolean;
}

interface Cached {
  data: RecordData;
  sites: string[] | null;
  /** Read FOR UPDATE, or created by this transaction: no one else can change it before commit. */
  locked: boolean;
}

/** The writes of a slice to one record, folded: `data || p1 || p2` is `data || (p1 || p2)`. */
interface PendingRecord {
  tbl: string;
  id: string;
  data: RecordData;
  sites: string[] | null;
  order_id: string | null;
  updated_at: number;
}

interface LogRow {
  tbl: string;
  id: string;
  op: 'upsert' | 'evict' | 'delete';
  sites: string[] | null;
}

export interface SeriesRow {
  site_id: string;
  series: string;
  n: number;
  record_id: string;
}

/**
 * A number the desk sent was found taken only when the slice's writes were flushed (another
 * desk of the site pushed it meanwhile, or a replayed backup). The slice's transaction is rolled
 * back and done again one mutation at a time, where the number is refused as it should be.
 */
export class SliceRetry extends Error {
  constructor() {
    super('slice retried one mutation at a time');
    this.name = 'SliceRetry';
  }
}

const keyOf = (tbl: string, id: string) => `${tbl}\u0000${id}`;

/** `{...base, ...patch}` as jsonb's `||` does it: an undefined field is absent, not a null. */
function merged(base: RecordData, patch: RecordData): RecordData {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Everything a slice buffered, in one statement: records (merged as `writeRecord` merges), the
 * change log (in the order logged: `seq` follows it), series numbers (a number found taken makes
 * the count fall short), and at the end of the slice the answers, the desk's `last_seq` and the
 * notification that wakes other desks (sent by PostgreSQL when the transaction commits, not before).
 */
const flushStatement = `WITH r AS (
    INSERT INTO records (tbl, id, data, sites, order_id, updated_at)
    SELECT r.tbl, r.id, r.data, r.sites, r.order_id, r.updated_at
      FROM jsonb_to_recordset($1::text::jsonb)
        AS r(tbl text, id text, data jsonb, sites text[], order_id text, updated_at bigint)
    ON CONFLICT (tbl, id) DO UPDATE SET data = records.data || EXCLUDED.data,
      sites = EXCLUDED.sites, updated_at = EXCLUDED.updated_at
  ), c AS (
    INSERT INTO change_log (tbl, id, op, sites)
    SELECT c.tbl, c.id, c.op, c.sites
      FROM ROWS FROM (jsonb_to_recordset($2::text::jsonb) AS (tbl text, id text, op text, sites text[]))
        WITH ORDINALITY AS c(tbl, id, op, sites, n)
     ORDER BY c.n
  ), s AS (
    INSERT INTO series_numbers (site_id, series, n, record_id)
    SELECT s.site_id, s.series, s.n, s.record_id
      FROM jsonb_to_recordset($3::text::jsonb) AS s(site_id text, series text, n integer, record_id text)
    ON CONFLICT DO NOTHING RETURNING 1
  ), a AS (
    INSERT INTO applied_mutations (desk_id, seq, mutation_id, duplicate_of, name, status, code,
      params, client_at, server_at, skew_ms)
    SELECT a.desk_id, a.seq, a.mutation_id, a.duplicate_of, a.name, a.status, a.code, a.params,
           a.client_at, a.server_at, a.skew_ms
      FROM jsonb_to_recordset($4::text::jsonb) AS a(desk_id text, seq bigint, mutation_id text,
        duplicate_of text, name text, status text, code text, params jsonb, client_at bigint,
        server_at bigint, skew_ms bigint)
  ), d AS (
    UPDATE desks SET last_seq = $6::bigint, last_seen_at = $7::bigint
     WHERE id = $5::text AND $6::bigint IS NOT NULL
  ), n AS (
    SELECT pg_notify($8::text, '') WHERE $8::text IS NOT NULL
  )
  SELECT (SELECT count(*)::int FROM s) AS series, (SELECT count(*)::int FROM n) AS notified`;

/** The answers of a slice, and the desk's new `last_seq` (null: unchanged), written with its rows. */
export interface SliceEnd {
  answers: unknown[];
  deskId: string;
  lastSeq: number | null;
  now: number;
  /** The channel to notify at commit when the slice changed something; null: nothing changed. */
  notify: string | null;
}

/** Existing records, logged again for one site ($2) that may see them (`resendRefused`). */
const resendStatement = `INSERT INTO change_log (tbl, id, op, sites)
  SELECT r.tbl, r.id, 'upsert', ARRAY[$2::text]
    FROM records r JOIN jsonb_to_recordset($1::text::jsonb) AS k(tbl text, id text)
      ON r.tbl = k.tbl AND r.id = k.id
   WHERE $3::boolean OR r.sites IS NULL OR $2::text = ANY(r.sites)
   ORDER BY r.tbl, r.id`;

/** The rows to lock ($1, taken in key order) and the rows only to read ($2), in one statement. */
const prefetchStatement = `WITH l AS (
    SELECT r.tbl, r.id, r.data, r.sites
      FROM records r JOIN jsonb_to_recordset($1::text::jsonb) AS k(tbl text, id text)
        ON r.tbl = k.tbl AND r.id = k.id
     ORDER BY r.tbl, r.id FOR UPDATE OF r
  )
  SELECT l.tbl, l.id, l.data, l.sites, true AS locked FROM l
  UNION ALL
  SELECT r.tbl, r.id, r.data, r.sites, false
    FROM records r JOIN jsonb_to_recordset($2::text::jsonb) AS k(tbl text, id text)
      ON r.tbl = k.tbl AND r.id = k.id`;

/**
 * The transaction of a push slice, as appliers see it. Record reads, writes, change-log rows and
 * series numbers (`server/records.ts`) are kept here and written for the whole slice in a few
 * multi-row statements at the end; the rows the slice's appliers declared are read in one query
 * up front. A mutation refused while buffered leaves nothing to undo in the database: its
 * buffered writes are dropped. Raw SQL from an applier (custody moves, erasure…) switches that
 * mutation to direct mode, which is how every mutation used to run: the slice's earlier writes
 * are flushed, a savepoint is taken, and the mutation's statements go straight to the database.
 */
export class SliceTx implements Sql {
  private cache = new Map<string, Cached | null>();
  private pending = new Map<string, PendingRecord>();
  private log: LogRow[] = [];
  private series: SeriesRow[] = [];
  private seriesTaken = new Set<string>();
  /** The running mutation: what its writes replaced (for a refusal), and where its rows start. */
  private undo = new Map<string, { cached?: Cached | null; pending?: PendingRecord }>();
  /** The records the running mutation read: what the desk had an opinion about. */
  private touched = new Map<string, { tbl: string; id: string }>();
  /** Records read by refused mutations, sent back to the desk as the server holds them. */
  private resend = new Map<string, { tbl: string; id: string }>();
  private logMark = 0;
  private seriesMark = 0;
  private mutationSeries: string[] = [];
  private direct = false;
  private savepoint = false;
  /** Writes sent ahead (`flushAhead`), answered while later mutations run; awaited at `flush`. */
  private sentAhead: Promise<void>[] = [];
  /** The cache was dropped by a direct-mode mutation: the driver reads the next rows again. */
  stale = false;

  constructor(
    readonly tx: Sql,
    /** Every mutation in direct mode: the careful path a `SliceRetry` falls back to. */
    private readonly oneByOne: boolean,
  ) {}

  /** Buffered record operations apply; false once the running mutation went direct. */
  get buffering(): boolean {
    return !this.direct;
  }

  async query<T extends object>(text: string, params?: unknown[]): Promise<T[]> {
    await this.goDirect();
    return this.tx.query<T>(text, params);
  }

  /**
   * Reads the given rows in one statement, the locked ones in key order. It may be sent before
   * the statement ahead of it has answered (postgres-js pipelines them on the transaction's
   * connection); PostgreSQL still runs them in the order sent.
   */
  async prefetch(keys: RecordKey[]): Promise<void> {
    this.stale = false;
    if (this.oneByOne) return;
    const wanted = new Map<string, RecordKey>();
    for (const key of keys) {
      const k = keyOf(key.tbl, key.id);
      if (this.cache.has(k) || this.pending.has(k)) continue;
      const seen = wanted.get(k);
      if (!seen || (key.lock && !seen.lock)) wanted.set(k, key);
    }
    if (!wanted.size) return;
    const group = (lock: boolean) =>
      JSON.stringify(
        [...wanted.values()].filter((k) => !!k.lock === lock).map(({ tbl, id }) => ({ tbl, id })),
      );
    const rows = await this.tx.query<{
      tbl: string;
      id: string;
      data: RecordData;
      sites: string[] | null;
      locked: boolean;
    }>(prefetchStatement, [group(true), group(false)]);
    for (const k of wanted.keys()) this.cache.set(k, null);
    for (const row of rows)
      this.cache.set(keyOf(row.tbl, row.id), {
        data: row.data,
        sites: row.sites,
        locked: row.locked,
      });
  }

  /** A record the running mutation read (through `read`, or in direct mode by `readRecord`). */
  noteRead(tbl: string, id: string): void {
    this.touched.set(keyOf(tbl, id), { tbl, id });
  }

  async read(
    tbl: string,
    id: string,
    lock: boolean,
  ): Promise<{ data: RecordData; sites: string[] | null } | null> {
    this.noteRead(tbl, id);
    const k = keyOf(tbl, id);
    const cached = this.cache.get(k);
    if (cached === null) return null;
    if (cached && (cached.locked || !lock)) return { data: cached.data, sites: cached.sites };
    // Written but never read, or read without the lock now asked for: the database must answer,
    // and it must first hold what this slice wrote.
    if (this.pending.has(k)) await this.goDirect();
    const [row] = await this.tx.query<{ data: RecordData; sites: string[] | null }>(
      `SELECT data, sites FROM records WHERE tbl = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tbl, id],
    );
    if (!this.direct) this.cache.set(k, row ? { ...row, locked: lock } : null);
    return row ?? null;
  }

  write(change: {
    tbl: string;
    id: string;
    data: RecordData;
    sites: readonly string[] | null;
    orderId?: string;
    now: number;
  }): void {
    const k = keyOf(change.tbl, change.id);
    this.keepUndo(k);
    const sites = change.sites ? [...change.sites] : null;
    const before = this.pending.get(k);
    this.pending.set(
      k,
      before
        ? { ...before, data: merged(before.data, change.data), sites, updated_at: change.now }
        : {
            tbl: change.tbl,
            id: change.id,
            data: merged({}, change.data),
            sites,
            order_id: change.orderId ?? null,
            updated_at: change.now,
          },
    );
    const cached = this.cache.get(k);
    if (cached !== undefined)
      this.cache.set(k, {
        data: merged(cached?.data ?? {}, change.data),
        sites,
        locked: cached?.locked ?? true,
      });
  }

  logChange(row: LogRow): void {
    this.log.push(row);
  }

  /** False when this slice already took the number; the database is asked at the flush. */
  takeSeries(row: SeriesRow): boolean {
    const k = `${row.site_id}\u0000${row.series}\u0000${row.n}`;
    if (this.seriesTaken.has(k)) return false;
    this.seriesTaken.add(k);
    this.mutationSeries.push(k);
    this.series.push(row);
    return true;
  }

  /** Before an applier runs. The careful path puts every mutation behind its savepoint. */
  async begin(): Promise<void> {
    if (this.oneByOne) await this.goDirect();
  }

  async accept(): Promise<void> {
    if (this.savepoint) await this.tx.query('RELEASE SAVEPOINT apply_mutation');
    this.endMutation();
  }

  /** A refusal changes nothing: the savepoint is rolled back, or the buffered writes dropped. */
  async reject(): Promise<void> {
    if (this.savepoint) await this.tx.query('ROLLBACK TO SAVEPOINT apply_mutation');
    else {
      for (const [k, was] of this.undo) {
        if ('cached' in was) this.cache.set(k, was.cached!);
        else this.cache.delete(k);
        if (was.pending) this.pending.set(k, was.pending);
        else this.pending.delete(k);
      }
      this.log.length = this.logMark;
      this.series.length = this.seriesMark;
    }
    for (const k of this.mutationSeries) this.seriesTaken.delete(k);
    for (const [k, key] of this.touched) this.resend.set(k, key);
    this.endMutation();
  }

  /**
   * A refused change leaves the desk holding what it made of those records (a status the server
   * never took, say), and nothing would correct it if the server's copies do not change again.
   * So the records the refused mutations read are logged once more for the desk's site, which
   * pulls them back as the server holds them — where it still may see them (read after the
   * slice's own writes, so an order that left the site in the same slice is not sent).
   */
  async resendRefused(desk: { siteId: string; headOffice: boolean }): Promise<void> {
    if (!this.resend.size) return;
    await this.tx.query(resendStatement, [
      JSON.stringify([...this.resend.values()]),
      desk.siteId,
      desk.headOffice,
    ]);
    this.resend.clear();
  }

  /**
   * Sends what the mutations settled so far buffered, without waiting for the answer: PostgreSQL
   * writes them while the next mutations run here (postgres-js pipelines the statements on the
   * transaction's connection, and they run in the order sent). Only between two mutations. A
   * record written again later is merged again (`data || patch` is associative); a number found
   * taken still makes the slice retry, when `flush` collects the answers.
   */
  flushAhead(): void {
    if (this.oneByOne || this.direct) return;
    if (!this.pending.size && !this.log.length && !this.series.length) return;
    // `writeOut` reads the buffers before its first await: they can be replaced at once.
    const sent = this.writeOut(this.pending.values(), this.log, this.series);
    sent.catch(() => undefined); // collected by `flush`
    this.sentAhead.push(sent);
    this.clearBuffers();
  }

  /** Writes what the slice buffered, with its answers; call once every mutation is settled. */
  async flush(end: SliceEnd): Promise<void> {
    const last = this.writeOut(this.pending.values(), this.log, this.series, end);
    this.clearBuffers();
    await Promise.all([...this.sentAhead.splice(0), last]);
  }

  private clearBuffers(): void {
    this.pending = new Map();
    this.log = [];
    this.series = [];
    this.logMark = this.seriesMark = 0;
  }

  private endMutation(): void {
    this.undo.clear();
    this.touched.clear();
    this.mutationSeries = [];
    this.logMark = this.log.length;
    this.seriesMark = this.series.length;
    this.direct = this.savepoint = false;
  }

  private keepUndo(k: string): void {
    if (this.undo.has(k)) return;
    const was: { cached?: Cached | null; pending?: PendingRecord } = {};
    if (this.cache.has(k)) was.cached = this.cache.get(k)!;
    const pending = this.pending.get(k);
    if (pending) was.pending = pending;
    this.undo.set(k, was);
  }

  /**
   * From here on the running mutation talks to the database itself: what earlier mutations
   * buffered is written first, then the savepoint, then what this one buffered so far.
   */
  private async goDirect(): Promise<void> {
    if (this.direct) return;
    this.direct = true;
    const earlier: PendingRecord[] = [];
    const mine: PendingRecord[] = [];
    for (const [k, row] of this.pending) {
      const was = this.undo.get(k);
      if (!was) earlier.push(row);
      else {
        if (was.pending) earlier.push(was.pending);
        mine.push(row);
      }
    }
    await this.writeOut(
      earlier,
      this.log.slice(0, this.logMark),
      this.series.slice(0, this.seriesMark),
    );
    await this.tx.query('SAVEPOINT apply_mutation');
    this.savepoint = true;
    await this.writeOut(mine, this.log.slice(this.logMark), this.series.slice(this.seriesMark));
    this.pending.clear();
    this.log = [];
    this.series = [];
    this.logMark = this.seriesMark = 0;
    this.undo.clear();
    // Raw statements may change any row: nothing cached can be trusted after them.
    this.cache.clear();
    this.stale = true;
  }

  private async writeOut(
    records: Iterable<PendingRecord>,
    log: LogRow[],
    series: SeriesRow[],
    end?: SliceEnd,
  ): Promise<void> {
    const rows = [...records];
    if (!rows.length && !log.length && !series.length && !end?.answers.length) return;
    const [written] = await this.tx.query<{ series: number }>(flushStatement, [
      JSON.stringify(rows),
      JSON.stringify(log),
      JSON.stringify(series),
      JSON.stringify(end?.answers ?? []),
      end?.deskId ?? '',
      end?.lastSeq ?? null,
      end?.now ?? 0,
      end?.notify ?? null,
    ]);
    if (Number(written!.series) !== series.length) throw new SliceRetry();
  }
}
