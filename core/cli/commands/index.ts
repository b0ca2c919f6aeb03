import type { CliCommand } from '../command';
import { backupCommand } from './backup';
import { callCommand } from './call';
import { enrolCommand } from './enrol';
import { methodsCommand } from './methods';
import { printCommand } from './print';
import { restoreCommand } from './restore';
import { seedCommand } from './seed';
import { syncCommand } from './sync';

/** Every CLI command; add a new one with one line here. */
export const commands: readonly CliCommand[] = [
  methodsCommand,
  callCommand,
  seedCommand,
  printCommand,
  backupCommand,
  restoreCommand,
  enrolCommand,
  syncCommand,
];
