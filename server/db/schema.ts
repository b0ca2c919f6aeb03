import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** PostgreSQL's 64-bit transaction id; the pull cursor is built on it (see docs/decisions.md). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/** Sites the server knows, with what auth and scope need; the full row replicates via `records`. */
export const siteRegistry = pgTable('site_registry', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  kind: text('kind').notNull(),
  active: integer('active').notNull().default(1),
});

/** One enrolled desk: a hash of its secret, its place in the push sequence, revocation. */
export const desks = pgTable('desks', {
  id: text('id').primaryKey(),
  siteId: text('site_id').notNull(),
  secretHash: text('secret_hash').notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  lastSeenAt: bigint('last_seen_at', { mode: 'number' }),
  revokedAt: bigint('revoked_at', { mode: 'number' }),
  /** A second counter's own series code (`MI01B`); NULL: the desk numbers under the site's code. */
  seriesCode: text('series_code'),
  /**
   * The desk that took this one's place: enrolled by the same computer, which proved it held this
   * desk's credentials, or with a code that named this desk (`replaces`). NULL where an admin
   * revoked it, or it is still active.
   */
  replacedBy: text('replaced_by'),
});

/**
 * Every code an order number can start with, and the one site it belongs to for good: each
 * site's own code and each further counter's series code (`MI01B`). The primary key makes two
 * admins who give one code to two sites at the same instant meet: the second waits for the
 * first and is refused.
 */
export const seriesCodes = pgTable('series_codes', {
  code: text('code').primaryKey(),
  siteId: text('site_id').notNull(),
});

export const enrolmentCodes = pgTable('enrolment_codes', {
  codeHash: text('code_hash').primaryKey(),
  siteId: text('site_id').notNull(),
  /** The series code the desk enrolled with this code will number under (NULL: the site's). */
  seriesCode: text('series_code'),
  /** The desk the one enrolled with this code replaces: revoked at that enrolment. */
  replacesDeskId: text('replaces_desk_id'),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
  usedByDeskId: text('used_by_desk_id'),
});

/**
 * Every replicated row, as the desk's row object. `sites` says which sites may see it
 * (NULL: reference data everyone receives); the head office sees everything.
 */
export const records = pgTable(
  'records',
  {
    tbl: text('tbl').notNull(),
    id: text('id').notNull(),
    data: jsonb('data').notNull(),
    sites: text('sites').array(),
    /** The order a row belongs to (events, lines…), so custody moves can carry them along. */
    orderId: text('order_id'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tbl, t.id] }),
    index('records_order').on(t.orderId),
    // Which attachment rows name a blob: a download is allowed when one is in the desk's scope.
    index('records_attachment_sha256')
      .on(sql`(${t.data}->>'sha256')`)
      .where(sql`${t.tbl} = 'attachments'`),
    // A desk downloading its scope (`server/pull.ts`): its site's rows, and the rows every desk
    // holds, found without a pass over the whole table (migration 0009).
    index('records_sites').using('gin', t.sites),
    index('records_unscoped')
      .on(t.tbl, t.id)
      .where(sql`${t.sites} IS NULL`),
  ],
);

/** What changed, in the order pulls deliver it: (xid, seq), bounded by the oldest running xid. */
export const changeLog = pgTable(
  'change_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    xid: xid8('xid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    tbl: text('tbl').notNull(),
    id: text('id').notNull(),
    op: text('op').notNull(),
    sites: text('sites').array(),
    /** When the change was written (its transaction's start): what `archiveChanges` goes by. */
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('change_log_xid_seq').on(t.xid, t.seq)],
);

/**
 * How far the change log has been archived (one row, or none before the first archive): every
 * change at or before (xid, seq) is gone from `change_log`. A pull from a cursor before it is
 * served from `records` instead (see `server/pull.ts`).
 */
export const changeLogHorizon = pgTable('change_log_horizon', {
  id: integer('id').primaryKey().default(1),
  xid: xid8('xid').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  /** Changes archived so far, in all. */
  archived: bigint('archived', { mode: 'number' }).notNull(),
  archivedAt: bigint('archived_at', { mode: 'number' }).notNull(),
});

/**
 * Numbers taken in each series (`order-MI01-2026`: kind, series code, year): the primary key
 * refuses a duplicate.
 */
export const seriesNumbers = pgTable(
  'series_numbers',
  {
    siteId: text('site_id').notNull(),
    series: text('series').notNull(),
    n: integer('n').notNull(),
    recordId: text('record_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.series, t.n] })],
);

/** The answer given to each pushed mutation, so a replayed push gets the same answer. */
export const appliedMutations = pgTable(
  'applied_mutations',
  {
    deskId: text('desk_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    mutationId: text('mutation_id').notNull(),
    /**
     * The mutation id the desk sent when it was already taken (the row's own id is then
     * `dup-<desk>-<seq>`): a replay of this seq is recognised by it.
     */
    duplicateOf: text('duplicate_of'),
    name: text('name').notNull(),
    status: text('status').notNull(),
    code: text('code'),
    params: jsonb('params'),
    clientAt: bigint('client_at', { mode: 'number' }).notNull(),
    serverAt: bigint('server_at', { mode: 'number' }).notNull(),
    /** Client clock minus server clock when it arrived; large values are flagged, never fatal. */
    skewMs: bigint('skew_ms', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deskId, t.seq] }),
    uniqueIndex('applied_mutations_id').on(t.mutationId),
  ],
);

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Attachment bytes, by content (sha256 hex). The server keeps no files of its own (it stays
 * stateless; PostgreSQL is its only state): a blob is its chunks in `blob_chunks`. `received`
 * counts the bytes stored so far, so an interrupted upload resumes there; `completedAt` is set
 * once the bytes were hashed and matched the name. `touchedAt` is when the last chunk came: an
 * upload idle too long is swept (`sweepAbandonedUploads`).
 */
export const blobs = pgTable(
  'blobs',
  {
    sha256: text('sha256').primaryKey(),
    size: bigint('size', { mode: 'number' }).notNull(),
    received: bigint('received', { mode: 'number' }).notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    completedAt: bigint('completed_at', { mode: 'number' }),
    touchedAt: bigint('touched_at', { mode: 'number' }),
  },
  (t) => [
    index('blobs_partial_touched')
      .on(sql`coalesce(${t.touchedAt}, ${t.createdAt})`)
      .where(sql`${t.completedAt} IS NULL`),
  ],
);

export const blobChunks = pgTable(
  'blob_chunks',
  {
    sha256: text('sha256').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.offset] })],
);
