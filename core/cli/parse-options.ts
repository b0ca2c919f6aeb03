import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliT } from './i18n';

export type ParsedOptions<T extends ParseArgsConfig> =
  { ok: true; parsed: ReturnType<typeof parseArgs<T>> } | { ok: false; message: string };

/**
 * `parseArgs`, strict, with its refusals said in the operator's language instead of Node's stack
 * trace: an option it does not know, one given without its value, an argument it does not take.
 */
export function parseOptions<T extends ParseArgsConfig>(config: T, t: CliT): ParsedOptions<T> {
  try {
    return { ok: true, parsed: parseArgs(config) };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    // Node names the option first, in quotes: `Unknown option '--keepdays'`,
    // `Option '--kind <value>' argument missing`.
    const quoted = /'([^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        return { ok: false, message: t('global.unknownOption', { option: quoted }) };
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        return { ok: false, message: t('global.optionNeedsValue', { option: quoted }) };
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        return { ok: false, message: t('global.unexpectedArgument', { argument: quoted }) };
      default:
        throw error;
    }
  }
}
