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
  summary: (t) => t('commands.backup.summary'),
  usage: (t) => t('commands.backup.usage'),
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
      env.io.err(`${env.t('commands.backup.noFolder')}\n`);
      return 2;
    }
    const { file } = await backUpDatabase(desk.db, {
      folder: path.resolve(folder),
      siteCode: desk.site.code,
      timezone: desk.site.timezone,
      now: Date.now(),
      dataDir: desk.dataDir,
    });
    env.io.out(`${env.t('commands.backup.done', { file })}\n`);
    const pruned = pruneBackups(path.resolve(folder), desk.site.code, settings);
    if (pruned.length) env.io.out(`${env.t('commands.backup.pruned', { count: pruned.length })}\n`);
    return 0;
  },
};
