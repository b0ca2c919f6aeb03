import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';

/** The languages the command line speaks; its texts are in `resources/i18n/cli/`. */
export const cliLanguages = ['en', 'it', 'ru'] as const;
export type CliLanguage = (typeof cliLanguages)[number];

/** A translated text of the command line (`resources/i18n/cli/<lang>.json`). */
export type CliT = (key: string, values?: Record<string, unknown>) => string;

const translationsDir = fileURLToPath(new URL('../../resources/i18n/', import.meta.url));

/** The command line's own texts, and those it shares with the counter (refused changes). */
const namespaces = ['cli', 'shared'] as const;

/**
 * The language of the person at the terminal: SPORTELLO_LANG, else the POSIX locale variables
 * in their order of precedence (LC_ALL, LC_MESSAGES, LANG); `it_IT.UTF-8` reads as Italian.
 * English when none is set, for `C` and `POSIX`, and for a language the CLI does not speak.
 */
export function cliLanguage(
  environment: Readonly<Record<string, string | undefined>>,
): CliLanguage {
  const setting = ['SPORTELLO_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG']
    .map((name) => environment[name])
    .find((value) => value !== undefined && value !== '');
  const language = setting?.toLowerCase().match(/^[a-z]{2}/)?.[0];
  return cliLanguages.find((l) => l === language) ?? 'en';
}

let instance: ReturnType<typeof i18next.createInstance> | undefined;

/** Core's own i18next instance for the command line (never the renderer's), loaded once. */
function loaded() {
  if (instance) return instance;
  const resources = Object.fromEntries(
    cliLanguages.map((lang) => [
      lang,
      Object.fromEntries(
        namespaces.map((ns) => [
          ns,
          JSON.parse(fs.readFileSync(`${translationsDir}${ns}/${lang}.json`, 'utf8')) as Record<
            string,
            unknown
          >,
        ]),
      ),
    ]),
  );
  instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    ns: [...namespaces],
    defaultNS: 'cli',
    initAsync: false,
    // Terminal text: nothing is escaped, and a missing key shows as itself.
    interpolation: { escapeValue: false },
  });
  return instance;
}

export function cliTranslator(language: CliLanguage): CliT {
  const t = loaded().getFixedT(language, 'cli');
  return (key, values) => t(key, values ?? {});
}

/**
 * The texts the command line shares with the counter (`resources/i18n/shared/`): order statuses,
 * kinds of change, why a change was refused and what to do. `has` says whether a key is there.
 */
export function cliSharedTexts(language: CliLanguage): {
  t: CliT;
  has: (key: string) => boolean;
} {
  const i18n = loaded();
  const t = i18n.getFixedT(language, 'shared');
  return {
    t: (key, values) => t(key, values ?? {}),
    has: (key) => i18n.exists(key, { lng: language, ns: 'shared' }),
  };
}
