import { resolveDataDir } from '../runtime/data-dir';
import { openDesk, type Desk } from '../runtime/desk';
import type { CliCommand, CliEnv, CliIo } from './command';
import { commands as allCommands } from './commands';
import { cliLanguage, cliTranslator, type CliT } from './i18n';
import { cliCaller, CliUsageError, passwordVariable, pinVariable, type CliSignIn } from './sign-in';

export interface CliHost {
  io: CliIo;
  readStdin?(): Promise<string>;
  /** Asks for a password or PIN without echo; absent where there is no terminal. */
  readSecret?(prompt: string): Promise<string>;
  /** Where SPORTELLO_PASSWORD / SPORTELLO_PIN are read (process.env in main.ts; none if absent). */
  environment?: Readonly<Record<string, string | undefined>>;
  commands?: readonly CliCommand[];
  /** Opens the desk (tests share one already open); the CLI closes only a desk it opened itself. */
  openDesk?(dataDir: string): Desk;
}

/** Wraps a paragraph at `width` columns for the terminal. */
function wrap(text: string, width = 92): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

function helpText(commands: readonly CliCommand[], t: CliT): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    t('help.usage'),
    '',
    wrap(t('help.dataDir')),
    '',
    wrap(t('help.signIn', { passwordVariable, pinVariable })),
    '',
    wrap(t('help.language')),
    '',
    t('help.commands'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary(t)}`),
    '',
    t('help.commandHelp'),
  ].join('\n');
}

/**
 * Splits the global options off the command line: `--data DIR` may stand anywhere before
 * the command's own `--`, `--help` only before the command.
 */
type GlobalOptions =
  | { error: 'dataNeedsFolder' | 'userNeedsLogin' | 'pinNeedsUser' }
  | {
      error?: undefined;
      data: string | undefined;
      signIn: CliSignIn | undefined;
      help: boolean;
      rest: string[];
    };

function globalOptions(argv: readonly string[]): GlobalOptions {
  const rest: string[] = [];
  let data: string | undefined;
  let login: string | undefined;
  let pin = false;
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
      if (data === undefined) return { error: 'dataNeedsFolder' };
    } else if (arg.startsWith('--data=')) {
      data = arg.slice('--data='.length);
    } else if (arg === '--user') {
      login = argv[++i];
      if (login === undefined) return { error: 'userNeedsLogin' };
    } else if (arg.startsWith('--user=')) {
      login = arg.slice('--user='.length);
    } else if (arg === '--pin') {
      pin = true;
    } else if (!commandSeen && (arg === '--help' || arg === '-h')) {
      help = true;
    } else {
      if (!arg.startsWith('-')) commandSeen = true;
      rest.push(arg);
    }
  }
  if (pin && login === undefined) return { error: 'pinNeedsUser' };
  const signIn =
    login === undefined ? undefined : ({ login, with: pin ? 'pin' : 'password' } as const);
  return { data, signIn, help, rest };
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
  const commands = host.commands ?? allCommands;
  const language = cliLanguage(host.environment ?? {});
  const t = cliTranslator(language);
  const parsed = globalOptions(argv);
  if (parsed.error !== undefined) {
    host.io.err(t(`global.${parsed.error}`));
    return 2;
  }
  const [name, ...args] = parsed.rest;
  if (parsed.help || !name || name === 'help') {
    const asked = parsed.help || name === 'help';
    const wanted = commands.find((c) => c.name === (name === 'help' ? args[0] : name));
    (asked ? host.io.out : host.io.err)(
      wanted ? t('usage', { usage: wanted.usage(t) }) : helpText(commands, t),
    );
    return asked ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    host.io.err(`${t('global.unknownCommand', { name })}\n\n${helpText(commands, t)}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    host.io.out(t('usage', { usage: command.usage(t) }));
    return 0;
  }

  let desk: Desk | undefined;
  let caller: ReturnType<typeof cliCaller> | undefined;
  const env: CliEnv = {
    dataDir: resolveDataDir(parsed.data),
    openDesk: () => (desk ??= (host.openDesk ?? ((dataDir) => openDesk({ dataDir })))(env.dataDir)),
    call: (method, input) => {
      caller ??= cliCaller(env.openDesk(), parsed.signIn, t, {
        environment: host.environment ?? {},
        ...(host.readSecret ? { readSecret: host.readSecret } : {}),
      });
      return caller.call(method, input);
    },
    io: host.io,
    language,
    t,
    ...(host.readStdin ? { readStdin: host.readStdin } : {}),
  };
  try {
    const code = await command.run(args, env);
    if (parsed.signIn && !caller) host.io.err(t('global.doesNotSignIn', { command: command.name }));
    return code;
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    host.io.err(error.message);
    return 2;
  } finally {
    await caller?.signOut();
    if (!host.openDesk) desk?.close();
  }
}
