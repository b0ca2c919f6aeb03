import path from 'node:path';
import { InvalidBackupError, restoreDatabase } from '../../backup/restore';
import type { CliCommand } from '../command';

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: (t) => t('commands.restore.summary'),
  usage: (t) => t('commands.restore.usage'),
  async run(args, env) {
    const { t } = env;
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      env.io.err(`${t('usage', { usage: this.usage(t) })}\n`);
      return 2;
    }
    try {
      const { keptAside } = restoreDatabase(env.dataDir, path.resolve(file));
      env.io.out(`${t('commands.restore.done', { file: path.resolve(file) })}\n`);
      if (keptAside) env.io.out(`${t('commands.restore.keptAside', { file: keptAside })}\n`);
      return 0;
    } catch (error) {
      if (error instanceof InvalidBackupError) {
        const why = t(`commands.restore.${error.reason}`, {
          file: error.file,
          detail: error.detail,
        });
        env.io.err(`${why}\n${t('commands.restore.nothingChanged')}\n`);
        return 1;
      }
      throw error;
    }
  },
};
