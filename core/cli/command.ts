import type { MethodName } from '../contract';
import type { Result } from '../contract/errors';
import type { Desk } from '../runtime/desk';
import type { CliLanguage, CliT } from './i18n';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliEnv {
  /** The data folder chosen by `--data DIR`, SPORTELLO_DATA_DIR or the OS default. */
  dataDir: string;
  /**
   * Opens the desk in that folder (once; later calls return the same desk). Commands that use
   * the desk directly (seed, backup, restore, print) act as the operator of this computer.
   */
  openDesk(): Desk;
  /**
   * Calls a contract method as the person signed in with `--user` (anonymous without it), so
   * the roles apply exactly as over IPC and HTTP.
   */
  call(method: MethodName | string, input: unknown): Promise<Result<unknown>>;
  io: CliIo;
  /** The terminal's language (`cliLanguage`) and its texts. */
  language: CliLanguage;
  t: CliT;
  /** Everything piped to standard input (for `call <method> -`). */
  readStdin?(): Promise<string>;
}

/** A file in core/cli/commands/ exports one of these; core/cli/main.ts lists them. */
export interface CliCommand {
  name: string;
  /** One line for `--help`, in the terminal's language. */
  summary(t: CliT): string;
  usage(t: CliT): string;
  /** Returns the process exit code. */
  run(args: string[], env: CliEnv): Promise<number>;
}
