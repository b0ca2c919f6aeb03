import path from 'node:path';
import { InvalidBackupError, restoreDatabase } from '../../backup/restore';
import type { CliCommand } from '../command';

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Replace the desk database with a backup; the current one is kept aside.',
  usage: 'restore FILE   (close the desk app first)',
  async run(args, env) {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      env.io.err(`Usage: ${this.usage}\n`);
      return 2;
    }
    try {
      const { keptAside } = restoreDatabase(env.dataDir, path.resolve(file));
      env.io.out(`Restored ${path.resolve(file)}\n`);
      if (keptAside) env.io.out(`The database it replaced is kept as ${keptAside}\n`);
      return 0;
    } catch (error) {
      if (error instanceof InvalidBackupError) {
        env.io.err(`${error.message}\nNothing was changed.\n`);
        return 1;
      }
      throw error;
    }
  },
};
