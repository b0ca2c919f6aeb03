import type { Desk } from '../runtime/desk';
import { backUpDatabase, listBackups, pruneBackups, readBackupSettings } from './backup';

const day = 24 * 60 * 60_000;

/**
 * Backs the desk up when the last backup in the admin's folder is a day old, then prunes.
 * Returns the new file, or null when backups are off or one is recent enough.
 */
export async function backUpIfDue(desk: Desk, now = Date.now()): Promise<string | null> {
  const settings = readBackupSettings(desk.db);
  if (!settings.folder) return null;
  const latest = listBackups(settings.folder, desk.site.code)[0];
  if (latest && now - latest.takenAt < day) return null;
  const { file } = await backUpDatabase(desk.db, {
    folder: settings.folder,
    siteCode: desk.site.code,
    timezone: desk.site.timezone,
    now,
    dataDir: desk.dataDir,
  });
  pruneBackups(settings.folder, desk.site.code, settings);
  return file;
}

/** The hosts start this once: it checks every `intervalMs` (hourly) and never throws. */
export function startBackupSchedule(
  desk: Desk,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    backUpIfDue(desk)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 60 * 60_000);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
