import type { CliCommand } from '../command';
import { callCommand } from './call';
import { methodsCommand } from './methods';
import { seedCommand } from './seed';

/** Every CLI command; add a new one with one line here. */
export const commands: readonly CliCommand[] = [methodsCommand, callCommand, seedCommand];
