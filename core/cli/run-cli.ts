import { resolveDataDir } from '../runtime/data-dir';
import { openDesk, type Desk } from '../runtime/desk';
import type { CliCommand, CliEnv, CliIo } from './command';
import { commands as allCommands } from './commands';

export interface CliHost {
  io: CliIo;
  readStdin?(): Promise<string>;
  commands?: readonly CliCommand[];
}

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: npm run cli -- [--data DIR] <command> [arguments]',
    '',
    'The data folder is --data DIR, else SPORTELLO_DATA_DIR, else the per-user app-data folder.',
    '',
    "There is no --user: the CLI acts as the desk's local system user (every role; before",
    'first-run setup, the embedded counter user). Whoever can run it on this computer can read',
    'the database file anyway; the audit trail names the system user for every change it makes.',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'npm run cli -- <command> --help   shows how to use one command.',
  ].join('\n');
}

/**
 * Splits the global options off the command line: `--data DIR` may stand anywhere before
 * the command's own `--`, `--help` only before the command.
 */
type GlobalOptions =
  | { error: string }
  | { error?: undefined; data: string | undefined; help: boolean; rest: string[] };

function globalOptions(argv: readonly string[]): GlobalOptions {
  const rest: string[] = [];
  let data: string | undefined;
  let help = false;
  let commandSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--data') {
      data = argv[++i];
      if (data === undefined) return { error: '--data needs a folder' };
    } else if (arg.startsWith('--data=')) {
      data = arg.slice('--data='.length);
    } else if (!commandSeen && (arg === '--help' || arg === '-h')) {
      help = true;
    } else {
      if (!arg.startsWith('-')) commandSeen = true;
      rest.push(arg);
    }
  }
  return { data, help, rest };
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
  const commands = host.commands ?? allCommands;
  const parsed = globalOptions(argv);
  if (parsed.error !== undefined) {
    host.io.err(parsed.error);
    return 2;
  }
  const [name, ...args] = parsed.rest;
  if (parsed.help || !name || name === 'help') {
    const asked = parsed.help || name === 'help';
    const wanted = commands.find((c) => c.name === (name === 'help' ? args[0] : name));
    (asked ? host.io.out : host.io.err)(wanted ? `usage: ${wanted.usage}` : helpText(commands));
    return asked ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    host.io.err(`Unknown command "${name}".\n\n${helpText(commands)}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    host.io.out(`usage: ${command.usage}`);
    return 0;
  }

  let desk: Desk | undefined;
  const env: CliEnv = {
    dataDir: resolveDataDir(parsed.data),
    openDesk: () => (desk ??= openDesk({ dataDir: env.dataDir })),
    io: host.io,
    ...(host.readStdin ? { readStdin: host.readStdin } : {}),
  };
  try {
    return await command.run(args, env);
  } finally {
    desk?.close();
  }
}
