import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../../server/db/connection';
import { enrolDesk } from '../../server/sites';
import { tempDir } from '../support/desk';
import { serverCli } from '../support/server-cli';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = tempDir('sportello-admin-cli-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** `npm run server -- admin …` on a PGlite head office in a folder, as an operator runs it. */
function admin(...args: string[]) {
  return adminIn({ SPORTELLO_LANG: 'en' }, ...args);
}

/** The same, in a terminal whose locale is `locale`. */
function adminIn(locale: Record<string, string>, ...args: string[]) {
  return serverCli(dataDir, locale, 'admin', ...args);
}

/**
 * A site made with the command line, and its first computer enrolled (the command line holds the
 * folder only while it runs). Returns that desk's id.
 */
async function siteWithDesk(code: string, name: string): Promise<string> {
  const created = admin('create-site', '--code', code, '--name', name, '--kind', 'reception');
  expect(created.code).toBe(0);
  const { enrolmentCode } = JSON.parse(created.stdout) as { enrolmentCode: string };
  const db = await openServerDb({ dataDir });
  try {
    return (await enrolDesk(db, enrolmentCode, Date.now()))!.deskId;
  } finally {
    await db.close();
  }
}

describe('the server admin command line', () => {
  it('on PGlite, refuses to open the folder a running server holds, says what to do, and works once it stops', async () => {
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', '--data', dataDir, '--port', '0'],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '', SPORTELLO_LANG: 'en' } },
    );
    const exited = once(server, 'exit');
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 60_000 }).toContain('sportello server ready');

    // The site the operator asks for would have been written beside the server's own writes, and
    // lost when it stopped: it is refused instead, with the reason and the way to do it.
    const refused = admin(
      'create-site',
      '--code',
      'LU01',
      '--name',
      'Lucca',
      '--kind',
      'reception',
    );
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain(
      `The data folder ${dataDir} is in use by process ${server.pid} (server 127.0.0.1:0) since `,
    );
    expect(refused.stderr).toContain('Stop the server (Ctrl+C in its terminal), run this command');
    expect(refused.stderr).toContain(`delete ${dataDir}.lock`);
    const second = serverCli(dataDir, { LANG: 'it_IT.UTF-8', SPORTELLO_LANG: '' }, '--port', '0');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`è in uso dal processo ${server.pid} (server 127.0.0.1:0)`);
    expect(second.stderr).toContain('Il server è già avviato?');

    server.kill('SIGINT');
    await exited;
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
    expect(
      admin('create-site', '--code', 'LU01', '--name', 'Lucca', '--kind', 'reception'),
    ).toMatchObject({ code: 0 });
    expect(admin('enrolment-code', '--site', 'LU01')).toMatchObject({ code: 0 });
  }, 120_000);

  it('a new code for a site that still has a desk says which, and how to revoke it', async () => {
    const deskId = await siteWithDesk('GE01', 'Genova');

    const second = admin('enrolment-code', '--site', 'GE01');
    expect(second.code).toBe(0);
    const issued = JSON.parse(second.stdout) as { enrolledDesks: { deskId: string }[] };
    expect(issued.enrolledDesks.map((d) => d.deskId)).toEqual([deskId]);
    expect(second.stderr).toContain(
      `GE01 still has 1 desk enrolled:\n  ${deskId} (series GE01, never seen)`,
    );
    expect(second.stderr).toContain('admin revoke-desk --desk DESK_ID');
    expect(second.stderr).toContain('--replaces DESK_ID instead');
    expect(second.stderr).toContain(
      'This code numbers orders in series GE01, as one of them does.',
    );
    expect(second.stderr).toContain('would give out the same order numbers');
    expect(second.stderr).toContain('--series GE01B');

    // A code for a second counter, with a series of its own: nobody to revoke.
    const counter = admin('enrolment-code', '--site', 'GE01', '--series', 'GE01B');
    expect(counter.code).toBe(0);
    expect(JSON.parse(counter.stdout)).toMatchObject({ seriesCode: 'GE01B' });
    expect(counter.stderr).toContain('GE01 still has 1 desk enrolled');
    expect(counter.stderr).not.toContain('revoke-desk');
    expect(admin('enrolment-code', '--site', 'GE01', '--series', 'ge-1')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid --series'),
    });
    // The series code is the site's for good: no site may take it as its code.
    expect(
      admin('create-site', '--code', 'GE01B', '--name', 'G', '--kind', 'reception'),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('GE01B is taken') });

    expect(admin('revoke-desk', '--desk', deskId)).toMatchObject({ code: 0 });
    const third = admin('enrolment-code', '--site', 'GE01');
    expect(third.code).toBe(0);
    const { enrolmentCode } = JSON.parse(third.stdout) as { enrolmentCode: string };
    expect(JSON.parse(third.stdout)).toMatchObject({ enrolledDesks: [] });
    // Only the code, and how to use it: no desk to revoke.
    expect(third.stderr.split('\n')[0]).toMatch(
      new RegExp(
        `^Enrolment code ${enrolmentCode}, valid for 7 days \\(until .+Z\\), enrols one desk of GE01:$`,
      ),
    );
    expect(third.stderr).not.toContain('still has');
  }, 120_000);

  it('a code for the computer that replaces a desk names it, and says the desk is revoked when the new one enrols', async () => {
    const deskId = await siteWithDesk('PV01', 'Pavia');

    // A code for the computer that replaces the desk: the advice says it is revoked then.
    const replacing = admin('enrolment-code', '--site', 'PV01', '--replaces', deskId);
    expect(replacing.code).toBe(0);
    expect(JSON.parse(replacing.stdout)).toMatchObject({ seriesCode: 'PV01', replaces: deskId });
    expect(replacing.stderr).toContain(
      `This code numbers orders in series PV01, as ${deskId} did;\nthat desk is revoked when a computer enrols with this code.`,
    );
    expect(replacing.stderr).not.toContain('revoke-desk');
    expect(
      admin('enrolment-code', '--site', 'PV01', '--replaces', deskId, '--series', 'PV01C'),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('give --series or --replaces') });
    expect(
      admin(
        'enrolment-code',
        '--site',
        'PV01',
        '--replaces',
        '0190f0e0-0000-7000-8000-000000000000',
      ),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('no desk 0190f0e0') });
  }, 120_000);

  it('a site with a wrong value is refused with what each option takes, and nothing is created; a zone is stored in its proper case', async () => {
    const refused = admin(
      'create-site',
      '--code',
      'sv01',
      '--name',
      'Savona',
      '--kind',
      'shop',
      '--timezone',
      'Europe/Rme',
      '--country',
      'it',
      '--email',
      'bad',
      '--phone',
      '0'.repeat(41),
    );
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    // A legal detail says why, as the contract refused it, not only "see --help".
    expect(refused.stderr.trim().split('\n')).toEqual([
      'invalid --code: 2–8 capital letters or digits (RM01)',
      'invalid --kind: head_office, reception, workshop_own or workshop_partner',
      'invalid --timezone: a time zone name (Europe/Rome)',
      'invalid --country: two capital letters (IT)',
      'invalid --phone: at most 40 characters',
      'invalid --email: not an e-mail address (name@example.com)',
    ]);
    const db = await openServerDb({ dataDir });
    try {
      expect(
        await db.query(`SELECT code FROM site_registry WHERE code IN ('sv01', 'SV01')`),
      ).toEqual([]);
    } finally {
      await db.close();
    }
    const created = admin(
      'create-site',
      ...['--code', 'SV01', '--name', 'Savona', '--kind', 'reception'],
      ...[
        '--timezone',
        'europe/moscow',
        '--country',
        'RU',
        '--currency',
        'RUB',
        '--locale',
        'ru-RU',
      ],
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      site: { code: 'SV01', timezone: 'Europe/Moscow', currency: 'RUB', locale: 'ru-RU' },
    });
  }, 120_000);

  it('refuses a mistyped command or option before it opens the folder: no server starts on a typo', () => {
    const elsewhere = path.join(dataDir, '..', `${path.basename(dataDir)}-typos`);
    const cases = [
      [['admn', 'desks'], 'Unknown command "admn".'],
      [['admin', 'create-sit'], 'Unknown command "admin create-sit".'],
      [
        ['admin', 'create-site', '--code', 'RM02', '--name', '--kind', 'reception'],
        '--name needs a value.',
      ],
      [['--keepdays', '5'], 'Unknown option --keepdays.'],
      [['--port', '99999'], '--port takes a port number from 0 to 65535, not "99999".'],
      [['admin', 'revoke-desk'], '--desk needs a value.'],
      [['admin', 'enrolment-code'], '--site needs a value.'],
      [['admin', 'update-site', '--name', 'Roma'], '--code needs a value.'],
      [['admin', 'desks', 'RM01'], 'Unexpected argument "RM01".'],
      [['admin', 'sites', 'RM01'], 'Unexpected argument "RM01".'],
      // An option the command does not read would be silently ignored: every site, every desk.
      [['admin', 'sites', '--site', 'RM01'], 'admin sites does not take --site.'],
      [['admin', 'desks', '--code', 'RM01'], 'admin desks does not take --code.'],
      [['admin', 'create-site', '--site', 'RM01'], 'admin create-site does not take --site.'],
      [['--name', 'Roma'], 'npm run server does not take --name.'],
    ] as const;
    for (const [args, message] of cases) {
      const run = serverCli(elsewhere, {}, ...args);
      expect(run, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr.split('\n')[0]).toBe(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fs.existsSync(elsewhere)).toBe(false);
  }, 120_000);

  it('gives a site the legal details its documents print, and changes them later', async () => {
    const created = admin(
      ...['create-site', '--code', 'BG01', '--name', 'Bergamo', '--kind', 'reception'],
      ...['--legal-name', 'Riparazioni Bergamo S.r.l.', '--address', 'Via XX Settembre 3'],
      ...['--vat-number', 'IT01234567890', '--phone', '035 123456'],
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      site: {
        legal: {
          legalName: 'Riparazioni Bergamo S.r.l.',
          address: 'Via XX Settembre 3',
          vatNumber: 'IT01234567890',
          phone: '035 123456',
        },
      },
    });
    const updated = admin(
      'update-site',
      '--code',
      'BG01',
      '--address',
      'Via Tasso 8',
      '--phone',
      '',
    );
    expect(updated.code).toBe(0);
    const { site } = JSON.parse(updated.stdout) as { site: { legal: Record<string, string> } };
    expect(site.legal).toEqual({
      legalName: 'Riparazioni Bergamo S.r.l.',
      address: 'Via Tasso 8',
      vatNumber: 'IT01234567890',
    });
    expect(admin('update-site', '--code', 'BG01')).toMatchObject({
      code: 2,
      stderr: 'Nothing to change: give --name or a legal detail (see --help).\n',
    });
    expect(admin('update-site', '--code', 'ZZ01', '--name', 'Z')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'no site ZZ01: admin sites lists the sites and their codes\n',
    });
    expect(admin('update-site', '--code', 'BG01', '--legal-name', '')).toMatchObject({
      code: 2,
      stderr: 'invalid --legal-name: cannot be empty\n',
    });
    expect(
      adminIn({ SPORTELLO_LANG: 'it' }, 'update-site', '--code', 'BG01', '--email', 'bg01'),
    ).toMatchObject({
      code: 2,
      stderr: '--email non valido: non è un indirizzo e-mail (nome@esempio.it)\n',
    });
  }, 120_000);

  it('a site code that names no site is said so by every command that takes one, in the language of the terminal, and lists nothing', async () => {
    // The real site, with a desk: an empty list of an unknown site would look like a site without desks.
    await siteWithDesk('TN01', 'Trento');
    const commands = [
      ['desks', '--site', 'TN99'],
      ['enrolment-code', '--site', 'TN99'],
      ['update-site', '--code', 'TN99', '--name', 'Trento Sud'],
    ];
    for (const command of commands)
      expect(admin(...command), command.join(' ')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'no site TN99: admin sites lists the sites and their codes\n',
      });
    expect(adminIn({ SPORTELLO_LANG: '', LANG: 'it_IT.UTF-8' }, 'desks', '--site', 'TN99')).toEqual(
      {
        code: 1,
        stdout: '',
        stderr: 'nessuna sede TN99: admin sites elenca le sedi e i loro codici\n',
      },
    );
    expect(
      adminIn({ SPORTELLO_LANG: '', LC_ALL: 'ru_RU.UTF-8' }, 'desks', '--site', 'TN99'),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: 'нет точки TN99: admin sites показывает точки и их коды\n',
    });
    const db = await openServerDb({ dataDir });
    try {
      // No code was issued for it, and no site was made.
      expect(
        await db.query(
          `SELECT count(*)::int AS n FROM enrolment_codes e JOIN site_registry s ON s.id = e.site_id WHERE s.code = 'TN01'`,
        ),
      ).toEqual([{ n: 1 }]);
      expect(await db.query(`SELECT 1 FROM site_registry WHERE code = 'TN99'`)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('prints times as ISO 8601 in UTC, to the second, in the JSON it prints and in what it says', async () => {
    const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    const before = Date.now();
    const created = admin(
      'create-site',
      '--code',
      'UD01',
      '--name',
      'Udine',
      '--kind',
      'reception',
    );
    expect(created.code).toBe(0);
    const site = JSON.parse(created.stdout) as {
      expiresAt: string;
      site: { createdAt: string; updatedAt: string };
    };
    expect(site.expiresAt).toMatch(isoUtc);
    expect(site.site.createdAt).toMatch(isoUtc);
    expect(site.site.updatedAt).toMatch(isoUtc);
    // A code lasts seven days.
    const week = 7 * 24 * 3600_000;
    expect(Date.parse(site.expiresAt)).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 + week,
    );
    expect(Date.parse(site.expiresAt)).toBeLessThanOrEqual(Date.now() + week);

    const { enrolmentCode } = site as unknown as { enrolmentCode: string };
    const db = await openServerDb({ dataDir });
    let deskId: string;
    try {
      deskId = (await enrolDesk(db, enrolmentCode, Date.now()))!.deskId;
      // Seen at the head office, at a known instant.
      await db.query('UPDATE desks SET last_seen_at = $2 WHERE id = $1', [
        deskId,
        Date.parse('2026-12-08T15:40:00.250Z'),
      ]);
    } finally {
      await db.close();
    }
    // A table for a person; the JSON, as scripts read it before, with --json.
    const table = admin('desks', '--site', 'UD01');
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const [header, row, ...more] = table.stdout.trimEnd().split('\n');
    expect(more).toEqual([]);
    expect(header!.split(/\s{2,}/)).toEqual([
      'SITE',
      'DESK',
      'SERIES',
      'ENROLLED (UTC)',
      'LAST SEEN (UTC)',
      'STATUS',
      'REPLACED BY',
    ]);
    expect(row!.split(/\s{2,}/)).toEqual([
      'UD01',
      deskId,
      'UD01',
      expect.stringMatching(isoUtc),
      '2026-12-08T15:40:00Z',
      'active',
    ]);
    // Aligned: each column starts where its header does.
    expect(row!.indexOf('2026-12-08T15:40:00Z')).toBe(header!.indexOf('LAST SEEN'));
    const desks = admin('desks', '--site', 'UD01', '--json');
    expect(desks.code).toBe(0);
    const [listed] = JSON.parse(desks.stdout) as Record<string, unknown>[];
    expect(listed).toMatchObject({
      deskId,
      enrolledAt: expect.stringMatching(isoUtc),
      lastSeenAt: '2026-12-08T15:40:00Z',
      revokedAt: null,
    });

    const second = admin('enrolment-code', '--site', 'UD01');
    expect(JSON.parse(second.stdout)).toMatchObject({
      expiresAt: expect.stringMatching(isoUtc),
      enrolledDesks: [{ deskId, lastSeenAt: '2026-12-08T15:40:00Z' }],
    });
    expect(second.stderr).toContain(`${deskId} (series UD01, last seen 2026-12-08T15:40:00Z)`);

    // Revoked: it says which desk, and a second revocation says when the first was.
    const revoked = admin('revoke-desk', '--desk', deskId);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toContain(`Desk ${deskId} is revoked`);
    const again = admin('revoke-desk', '--desk', deskId);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toMatch(
      new RegExp(
        `^Desk ${deskId} was already revoked, at \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\\.\\n$`,
      ),
    );
    expect(
      adminIn(
        { SPORTELLO_LANG: 'it' },
        'revoke-desk',
        '--desk',
        '0190f0e0-0000-7000-8000-000000000000',
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'nessuna postazione 0190f0e0-0000-7000-8000-000000000000: admin desks elenca le postazioni e i loro id\n',
    });
  }, 120_000);

  it('speaks the language of the terminal: a refused site in Italian, the advice in Russian', async () => {
    const italian = { SPORTELLO_LANG: '', LANG: 'it_IT.UTF-8' };
    const refused = adminIn(
      italian,
      ...['create-site', '--code', 'cn01', '--name', 'Cuneo', '--kind', 'shop'],
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      '--code non valido: da 2 a 8 lettere maiuscole o cifre (RM01)',
      '--kind non valido: head_office, reception, workshop_own o workshop_partner',
    ]);

    const deskId = await siteWithDesk('CN01', 'Cuneo');
    const russian = { SPORTELLO_LANG: '', LC_ALL: 'ru_RU.UTF-8' };
    const second = adminIn(russian, 'enrolment-code', '--site', 'CN01');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ seriesCode: 'CN01' });
    expect(second.stderr).toContain(
      `у CN01 ещё подключена 1 стойка:\n  ${deskId} (серия CN01, ни разу не выходила на связь)`,
    );
    expect(second.stderr).toContain('--series CN01B');
    expect(second.stderr).not.toMatch(/still has|admin\.advice/);
  }, 120_000);

  it('lists every site, with its desks still enrolled, for the operator who mistyped a code', async () => {
    const first = await siteWithDesk('VR01', 'Verona');
    const counter = admin('enrolment-code', '--site', 'VR01', '--series', 'VR01B');
    const db = await openServerDb({ dataDir });
    try {
      const { enrolmentCode } = JSON.parse(counter.stdout) as { enrolmentCode: string };
      await enrolDesk(db, enrolmentCode, Date.now());
    } finally {
      await db.close();
    }
    expect(admin('revoke-desk', '--desk', first)).toMatchObject({ code: 0 });
    expect(
      admin(
        ...['create-site', '--code', 'VA01', '--name', 'Varese', '--kind', 'workshop_partner'],
        ...['--country', 'CH', '--timezone', 'Europe/Zurich', '--currency', 'CHF'],
      ),
    ).toMatchObject({ code: 0 });

    const table = adminIn({ SPORTELLO_LANG: 'it' }, 'sites');
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual([
      'CODICE',
      'NOME',
      'TIPO',
      'PAESE',
      'FUSO ORARIO',
      'POSTAZIONI',
      'ATTIVA',
      'CREATA (UTC)',
    ]);
    expect(lines.find((line) => line.startsWith('VA01'))!.split(/\s{2,}/)).toEqual([
      'VA01',
      'Varese',
      'workshop_partner',
      'CH',
      'Europe/Zurich',
      '0',
      'sì',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    ]);
    const listed = admin('sites', '--json');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const sites = JSON.parse(listed.stdout) as { code: string }[];
    const codes = sites.map((site) => site.code);
    expect(codes).toEqual([...codes].sort());
    expect(sites.filter((site) => site.code.startsWith('V'))).toEqual([
      {
        code: 'VA01',
        name: 'Varese',
        kind: 'workshop_partner',
        country: 'CH',
        timezone: 'Europe/Zurich',
        active: true,
        activeDesks: 0,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      },
      // Two desks enrolled, one of them revoked.
      expect.objectContaining({ code: 'VR01', name: 'Verona', kind: 'reception', activeDesks: 1 }),
    ]);
  }, 120_000);

  it('--help says what --json does for the table commands, in the language of the terminal', () => {
    const said = {
      en: '--json: admin sites and admin desks print JSON instead of the table, for scripts',
      it: '--json: admin sites e admin desks stampano JSON invece della tabella, per gli script',
      ru: '--json: admin sites и admin desks выводят JSON вместо таблицы, для скриптов',
    };
    for (const [language, line] of Object.entries(said)) {
      const help = adminIn({ SPORTELLO_LANG: language }, '--help');
      expect(help.code, language).toBe(0);
      expect(help.stdout, language).toContain('admin desks [--site CODE] [--json]');
      expect(help.stdout.split('\n'), language).toContainEqual(
        expect.stringMatching(new RegExp(`^${line}`)),
      );
    }
  }, 120_000);

  it('says on stderr which site it created and how to use its enrolment code, in the language of the terminal', () => {
    const created = admin(
      'create-site',
      '--code',
      'PD01',
      '--name',
      'Padova',
      '--kind',
      'reception',
    );
    expect(created.code).toBe(0);
    // Scripts read the JSON on stdout as before.
    const { enrolmentCode, expiresAt } = JSON.parse(created.stdout) as {
      enrolmentCode: string;
      expiresAt: string;
    };
    expect(created.stderr).toBe(
      `Site PD01 created. Enrolment code ${enrolmentCode}, valid for 7 days (until ${expiresAt}), enrols one desk of PD01:\n` +
        `  npm run cli -- enrol --server URL --code ${enrolmentCode} --expect-site PD01\n` +
        `  (or type it at that desk's first-run screen, "Enrol this desk with a code")\n`,
    );

    const counter = adminIn(
      { SPORTELLO_LANG: '', LANG: 'it_IT.UTF-8' },
      'enrolment-code',
      '--site',
      'PD01',
      '--series',
      'PD01B',
    );
    expect(counter.code).toBe(0);
    const issued = JSON.parse(counter.stdout) as { enrolmentCode: string; expiresAt: string };
    expect(counter.stderr.split('\n').slice(0, 3)).toEqual([
      `Il codice di registrazione ${issued.enrolmentCode}, valido per 7 giorni (fino al ${issued.expiresAt}), registra una postazione di PD01, che numera nella serie PD01B:`,
      `  npm run cli -- enrol --server URL --code ${issued.enrolmentCode} --expect-site PD01`,
      '  (oppure digitalo alla prima schermata di quella postazione, "Registra questa postazione con un codice")',
    ]);

    const russian = adminIn(
      { SPORTELLO_LANG: '', LC_ALL: 'ru_RU.UTF-8' },
      'create-site',
      '--code',
      'PD02',
      '--name',
      'Padova 2',
      '--kind',
      'reception',
    );
    expect(russian.code).toBe(0);
    expect(russian.stderr).toMatch(
      /^Точка PD02 создана\. Код подключения [A-Z0-9-]{19} действует 7 дней \(до .+Z\) и подключает одну стойку точки PD02:\n/,
    );
  }, 120_000);

  it('archives the change log up to the days it keeps, and refuses a count of days it cannot read', async () => {
    await siteWithDesk('AL01', 'Alessandria');
    for (const bad of ['', '-1', '1.5', 'ninety', '3651'])
      expect(admin('archive-changes', `--keep-days=${bad}`)).toMatchObject({
        code: 2,
        stderr: 'invalid --keep-days: a whole number of days, 0 to 3650\n',
      });
    // Serving, too, refuses a count it cannot read before it listens.
    const serving = serverCli(dataDir, {}, '--keep-days=3 months');
    expect(serving.code).toBe(2);
    expect(serving.stderr).toBe('invalid --keep-days: a whole number of days, 0 to 3650, or off\n');
    const kept = admin('archive-changes');
    expect(kept.code).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({ archived: 0, horizon: null });

    const all = admin('archive-changes', '--keep-days', '0');
    expect(all.code).toBe(0);
    const result = JSON.parse(all.stdout) as { archived: number; horizon: string };
    expect(result.archived).toBeGreaterThan(0);
    expect(result.horizon).toMatch(/^\d+:\d+$/);
    expect(all.stderr).toContain(`archived ${result.archived} changes`);
    const db = await openServerDb({ dataDir });
    try {
      expect(await db.query('SELECT 1 FROM change_log')).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
