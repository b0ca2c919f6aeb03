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
