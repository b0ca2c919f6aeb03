import path from 'node:path';
import {
  backUpDatabase,
  pruneBackups,
  readBackupSettings,
  writeBackupSettings,
} from '../../backup/backup';
import type { CliCommand } from '../command';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Back up the desk database now (online: the desk may stay open) and prune old backups.',
  usage:
    'backup [--to FOLDER] [--set-folder FOLDER] [--keep-daily N] [--keep-weekly N]\n' +
    '  --to          back up into FOLDER this once\n' +
    '  --set-folder  remember FOLDER for scheduled backups (with --keep-daily/--keep-weekly)',
  async run(args, env) {
    const desk = env.openDesk();
    const settings = readBackupSettings(desk.db);
    const setFolder = option(args, '--set-folder');
    const keepDaily = option(args, '--keep-daily');
    const keepWeekly = option(args, '--keep-weekly');
    if (setFolder || keepDaily || keepWeekly) {
      const next = {
        folder: setFolder ? path.resolve(setFolder) : settings.folder,
        keepDaily: keepDaily
          ? Math.max(1, Number.parseInt(keepDaily, 10) || settings.keepDaily)
          : settings.keepDaily,
        keepWeekly: keepWeekly
          ? Math.max(0, Number.parseInt(keepWeekly, 10) || 0)
          : settings.keepWeekly,
      };
      writeBackupSettings(desk.db, next);
      Object.assign(settings, next);
    }
    const folder = option(args, '--to') ?? settings.folder;
    if (!folder) {
      env.io.err('No backup folder: give --to FOLDER, or remember one with --set-folder FOLDER.\n');
      return 2;
    }
    const { file } = await backUpDatabase(desk.db, {
      folder: path.resolve(folder),
      siteCode: desk.site.code,
      timezone: desk.site.timezone,
      now: Date.now(),
      dataDir: desk.dataDir,
    });
    env.io.out(`Backed up to ${file}\n`);
    const pruned = pruneBackups(path.resolve(folder), desk.site.code, settings);
    if (pruned.length) env.io.out(`Removed ${pruned.length} older backup(s) past the retention.\n`);
    return 0;
  },
};
