import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { json } from './columns';

// Local-only tables: never replicated.

/** Per-site gapless number series (orders, invoices, transfers), one row per kind and year. */
export const numberSeries = sqliteTable(
  'number_series',
  {
    siteId: text('site_id').notNull(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.kind, t.year] })],
);

/** Mutations waiting to be pushed, in the order they were made on this desk. */
export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  mutationId: text('mutation_id').notNull().unique(),
  name: text('name').notNull(),
  args: json<Record<string, unknown>>('args').notNull(),
  schemaVersion: integer('schema_version').notNull(),
  clientAt: integer('client_at').notNull(),
  userId: text('user_id').notNull(),
  /** The audit rows written with this change; they travel with it (`PushMutation.audit`). */
  audit: json<Record<string, unknown>[]>('audit'),
  /**
   * The number of the order this change is about, read when it was queued: by the time the
   * server's refusal is settled, a pulled page may have taken the order off this desk. Never sent.
   */
  orderNumber: text('order_number'),
});

/**
 * Changes the head office accepted, kept for a while after they leave the outbox (`sentKeptMs`,
 * at most `sentKeptRows`). Should its database be restored from a backup taken before it had
 * them, enrolling this desk again queues them once more: the head office answers those it still
 * holds as replays and applies those it lost. Never sent otherwise.
 */
export const sentChanges = sqliteTable(
  'sent_changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    // Not unique: a change moves here once, in the transaction that takes it off the outbox.
    mutationId: text('mutation_id').notNull(),
    name: text('name').notNull(),
    args: json<Record<string, unknown>>('args').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    clientAt: integer('client_at').notNull(),
    userId: text('user_id').notNull(),
    // Without the audit rows that travelled with it (the larger half of an intake): this desk's
    // own audit trail holds them, and they go again from there (`audit.append`).
    orderNumber: text('order_number'),
    acceptedAt: integer('accepted_at').notNull(),
  },
  (t) => [index('sent_changes_accepted').on(t.acceptedAt)],
);

export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: json<unknown>('value').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: json<unknown>('value').notNull(),
});

/** Mutations the server refused, with its reason: kept so a person sees them and can act. */
export const syncRejections = sqliteTable('sync_rejections', {
  seq: integer('seq').primaryKey(),
  mutationId: text('mutation_id').notNull().unique(),
  name: text('name').notNull(),
  args: json<Record<string, unknown>>('args').notNull(),
  clientAt: integer('client_at').notNull(),
  userId: text('user_id').notNull(),
  code: text('code').notNull(),
  params: json<Record<string, string | number>>('params'),
  rejectedAt: integer('rejected_at').notNull(),
  /**
   * The order's number when the refusal arrived: the order may leave this desk afterwards (its
   * custody moved on), and the person must still learn which order it was.
   */
  orderNumber: text('order_number'),
  /** Someone at the desk dealt with it: it stays listed, no longer counted in the top bar. */
  handledAt: integer('handled_at'),
  handledBy: text('handled_by'),
});
