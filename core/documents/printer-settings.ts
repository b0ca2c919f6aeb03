import { eq } from 'drizzle-orm';
import { defaultPrinterSettings, PrinterSettings } from '../contract/documents';
import type { Db } from '../db/open';
import { settings } from '../db/schema';

/**
 * One key in the desk's local `settings` table. That table is never replicated and every PC
 * has its own desk database, so the printers chosen here are this PC's alone.
 */
export const printerSettingsKey = 'printing.printers';

export function readPrinterSettings(db: Db): PrinterSettings {
  const row = db.select().from(settings).where(eq(settings.key, printerSettingsKey)).get();
  const stored = PrinterSettings.safeParse(row?.value);
  return stored.success ? stored.data : defaultPrinterSettings;
}

/** Settings are this desk's own (local, not replicated), so no outbox entry. */
export function writePrinterSettings(db: Db, next: PrinterSettings): PrinterSettings {
  db.insert(settings)
    .values({ key: printerSettingsKey, value: next })
    .onConflictDoUpdate({ target: settings.key, set: { value: next } })
    .run();
  return next;
}
