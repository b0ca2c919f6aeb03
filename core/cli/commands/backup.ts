import path from 'node:path';
import {
  backUpDatabase,
  pruneBackups,
  readBackupSettings,
  writeBackupSettings,
} from '../../backup/backup';
import type { CliCommand } from '../command';

/** The value after `name`; `null` when the option is there without a value. */
function option(args: string[], name: string): string | null | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  return value === undefined || value.startsWith('--') ? null : value;
}

/** A whole number of at least `least`, written as digits only; `null` for anything else. */
function count(value: string, least: number): number | null {
  if (!/^\d{1,4}$/.test(value)) return null;
  const n = Number(value);
  return n >= least ? n : null;
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: (t) => t('commands.backup.summary'),
  usage: (t) => t('commands.backup.usage'),
  async run(args, env) {
    const { t } = env;
    const refuse = (text: string) => {
      env.io.err(`${text}\n${t('commands.backup.nothingDone')}\n`);
      return 2;
    };
    const given = Object.fromEntries(
      (['--to', '--set-folder', '--keep-daily', '--keep-weekly'] as const).map((name) => [
        name,
        option(args, name),
      ]),
    );
    for (const [name, value] of Object.entries(given))
      if (value === null) return refuse(t('commands.backup.valueMissing', { option: name }));
    const keep = { '--keep-daily': 1, '--keep-weekly': 0 } as const;
    const counts: Partial<Record<keyof typeof keep, number>> = {};
    for (const [name, least] of Object.entries(keep) as [keyof typeof keep, number][]) {
      const value = given[name];
      if (value === undefined || value === null) continue;
      const n = count(value, least);
      if (n === null) return refuse(t('commands.backup.notACount', { option: name, value, least }));
      counts[name] = n;
    }
    const desk = env.openDesk();
    const settings = readBackupSettings(desk.db);
    const setFolder = given['--set-folder'];
    if (
      setFolder ||
      counts['--keep-daily'] !== undefined ||
      counts['--keep-weekly'] !== undefined
    ) {
      const next = {
        folder: setFolder ? path.resolve(setFolder) : settings.folder,
        keepDaily: counts['--keep-daily'] ?? settings.keepDaily,
        keepWeekly: counts['--keep-weekly'] ?? settings.keepWeekly,
      };
      writeBackupSettings(desk.db, next);
      Object.assign(settings, next);
    }
    const folder = given['--to'] ?? settings.folder;
    if (!folder) {
      env.io.err(`${t('commands.backup.noFolder')}\n`);
      return 2;
    }
    const { file } = await backUpDatabase(desk.db, {
      folder: path.resolve(folder),
      siteCode: desk.site.code,
      timezone: desk.site.timezone,
      now: Date.now(),
      dataDir: desk.dataDir,
    });
    env.io.out(`${t('commands.backup.done', { file })}\n`);
    const pruned = pruneBackups(path.resolve(folder), desk.site.code, settings);
    if (pruned.length) env.io.out(`${t('commands.backup.pruned', { count: pruned.length })}\n`);
    return 0;
  },
};
