import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliLanguage, cliLanguages, cliTranslator } from '../../../core/cli/i18n';
import { runCli } from '../../../core/cli/run-cli';
import { tempDir } from '../../support/desk';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const textsOf = (lang: string) =>
  JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'resources/i18n/cli', `${lang}.json`), 'utf8'),
  ) as Record<string, unknown>;

/** Every text as `a.b.c` → text. */
function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') flat.set(prefix + key, value);
    else
      for (const [k, v] of flatten(value as Record<string, unknown>, `${prefix}${key}.`))
        flat.set(k, v);
  }
  return flat;
}

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], environment: Record<string, string>) {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--data', dataDir, ...args], {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    environment,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), dataDir };
}

describe('the command line speaks the language of the terminal', () => {
  it('takes SPORTELLO_LANG, else LC_ALL, LC_MESSAGES, LANG, in that order; English otherwise', () => {
    expect(cliLanguage({})).toBe('en');
    expect(cliLanguage({ LANG: 'it_IT.UTF-8' })).toBe('it');
    expect(cliLanguage({ LANG: 'it_IT.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8' })).toBe('ru');
    expect(cliLanguage({ LC_MESSAGES: 'ru_RU.UTF-8', LC_ALL: 'en_GB.UTF-8' })).toBe('en');
    expect(cliLanguage({ LC_ALL: 'en_GB.UTF-8', SPORTELLO_LANG: 'it' })).toBe('it');
    // An empty variable does not count; a language it does not speak, C and POSIX are English.
    expect(cliLanguage({ LC_ALL: '', LANG: 'ru_RU.UTF-8' })).toBe('ru');
    expect(cliLanguage({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLanguage({ LC_ALL: 'POSIX', LANG: 'it_IT' })).toBe('en');
  });

  it('has every text in every language, none empty, with the plural forms each language needs', () => {
    const english = flatten(textsOf('en'));
    const base = (keys: Iterable<string>) =>
      [...new Set([...keys].map((k) => k.replace(pluralSuffix, '')))].sort();
    for (const lang of cliLanguages) {
      const texts = flatten(textsOf(lang));
      expect(base(texts.keys()), lang).toEqual(base(english.keys()));
      for (const [key, text] of texts) expect(text.trim(), `${lang} ${key}`).not.toBe('');
      // The same placeholders as in English.
      for (const [key, text] of texts) {
        const englishKey = english.has(key) ? key : key.replace(pluralSuffix, '_other');
        const names = (t: string) => [...t.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
        expect(names(text), `${lang} ${key}`).toEqual(names(english.get(englishKey)!));
      }
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const plural of base([...texts.keys()].filter((k) => pluralSuffix.test(k))))
        for (const category of categories)
          expect(texts.has(`${plural}_${category}`), `${lang} ${plural}_${category}`).toBe(true);
    }
  });

  it('finds every text the command lines ask for', () => {
    const english = textsOf('en');
    const t = cliTranslator('en');
    const sources = fs
      .readdirSync(path.join(repoRoot, 'core/cli'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => fs.readFileSync(path.join(repoRoot, 'core/cli', file), 'utf8'))
      // The head-office server's `admin` commands read the same texts.
      .concat(
        fs
          .readdirSync(path.join(repoRoot, 'server'))
          .filter((file) => file === 'main.ts' || file.startsWith('admin-'))
          .map((file) => fs.readFileSync(path.join(repoRoot, 'server', file), 'utf8')),
      )
      .join('\n');
    const asked = [
      ...sources.matchAll(/['`]((?:help|global|signIn|commands|admin)\.[\w.]+)['`]/g),
    ].map((m) => m[1]!);
    expect(asked.length).toBeGreaterThan(80);
    expect(asked).toContain('admin.advice.same');
    const flat = flatten(english);
    for (const key of asked) expect(flat.has(key) || flat.has(`${key}_other`), key).toBe(true);
    // A key that is not there comes back as itself; a real one does not.
    expect(t('commands.sync.nothing')).toBe('commands.sync.nothing');
    expect(t('commands.sync.notEnrolled')).not.toBe('commands.sync.notEnrolled');
  });

  it('in Italian: the help, an unknown command and a desk not yet enrolled', async () => {
    const italian = { LANG: 'it_IT.UTF-8' };
    const help = await cli(['--help'], italian);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('uso: npm run cli -- [--data CARTELLA]');
    expect(help.stdout).toContain('comandi:');
    expect(help.stdout).toContain('Esegue un giro di replica con la sede centrale');

    const unknown = await cli(['frobnicate'], italian);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Comando sconosciuto "frobnicate".');

    const sync = await cli(['sync'], italian);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('Questa postazione non è registrata');
  });

  it('in Russian: a wrong argument and a file that is not a backup, which changes nothing', async () => {
    const russian = { LC_ALL: 'ru_RU.UTF-8' };
    const print = await cli(['print', 'receipt'], russian);
    expect(print.code).toBe(2);
    expect(print.stderr).toContain('Какой документ?');
    expect(print.stderr).toContain('использование: print <');

    const notABackup = path.join(tempDir(), 'notes.txt');
    dirs.push(path.dirname(notABackup));
    fs.writeFileSync(notABackup, 'not a database');
    const restore = await cli(['restore', notABackup], russian);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('нельзя восстановить');
    expect(restore.stderr).toContain('Ничего не изменено.');
    expect(fs.existsSync(path.join(restore.dataDir, 'desk.sqlite'))).toBe(false);
  });

  it('counts in each language: one backup, two, five', () => {
    const pruned = (lang: 'en' | 'it' | 'ru', count: number) =>
      cliTranslator(lang)('commands.backup.pruned', { count });
    expect(pruned('en', 1)).toBe('Removed 1 older backup past the retention.');
    expect(pruned('en', 5)).toBe('Removed 5 older backups past the retention.');
    expect(pruned('it', 1)).toContain('Eliminato 1 backup più vecchio');
    expect(pruned('ru', 1)).toContain('Удалена 1 старая копия');
    expect(pruned('ru', 2)).toContain('Удалены 2 старые копии');
    expect(pruned('ru', 5)).toContain('Удалено 5 старых копий');
  });
});
