import { defineConfig } from 'drizzle-kit';

/** The head-office server's PostgreSQL schema (runs on PGlite and PostgreSQL alike). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
});
