import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Where the E2E host notes the temp folder of its desk. */
export const e2eDataDirNote = (port: number) =>
  path.join(os.tmpdir(), `sportello-e2e-${port}.datadir`);

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Moves an order's "ready for pickup" back in time, as if the customer had not come for
 * `days` days: the one thing a browser test cannot wait for.
 */
export function backdateReady(port: number, orderId: string, days: number): void {
  const dataDir = fs.readFileSync(e2eDataDirNote(port), 'utf8');
  const db = new Database(path.join(dataDir, 'desk.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(
      `UPDATE order_events SET created_at = created_at - ?, client_at = client_at - ?
        WHERE order_id = ? AND to_status = 'ready_for_pickup'`,
    ).run(days * dayMs, days * dayMs, orderId);
  } finally {
    db.close();
  }
}

/**
 * A workshop site as replication would bring it from the head office (sites are made there,
 * not at a desk): the one row a browser test cannot create through the desk's own methods.
 */
export function addWorkshopSite(port: number, code: string, name: string): string {
  const dataDir = fs.readFileSync(e2eDataDirNote(port), 'utf8');
  const db = new Database(path.join(dataDir, 'desk.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const existing = db.prepare('SELECT id FROM sites WHERE code = ?').pluck().get(code);
    if (typeof existing === 'string') return existing;
    const id = crypto.randomUUID();
    db.prepare(
      `INSERT INTO sites (id, origin_site_id, created_at, updated_at, code, name, kind, timezone,
                          country, currency, locale, legal, active)
       VALUES (?, ?, 0, 0, ?, ?, 'workshop_own', 'Europe/Rome', 'IT', 'EUR', 'it-IT', ?, 1)`,
    ).run(
      id,
      id,
      code,
      name,
      JSON.stringify({ legalName: `${name} S.r.l.`, address: 'Via Torino 5, Milano' }),
    );
    return id;
  } finally {
    db.close();
  }
}
