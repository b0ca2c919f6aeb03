import { integer, text } from 'drizzle-orm/sqlite-core';

/** Columns every replicated row carries: a UUIDv7 made where the row is born, and its origin. */
export const replicated = {
  id: text('id').primaryKey(),
  originSiteId: text('origin_site_id').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
};

/** Append-only rows have no updated_at: they are never changed once written. */
export const appendOnly = {
  id: text('id').primaryKey(),
  originSiteId: text('origin_site_id').notNull(),
  createdAt: integer('created_at').notNull(),
};

export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();
