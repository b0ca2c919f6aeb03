import fs from 'node:fs';
import path from 'node:path';
import { subDays } from 'date-fns';
import { z } from 'zod';
import { pino } from 'pino';
import { buildApp, redactedLogPaths } from './app';
import { openServerDb, type ServerDb } from './db/connection';
import { DataDirInUse } from './db/data-dir-lock';
import {
  backUpPglite,
  FolderTooLargeToDump,
  NotAServerBackup,
  restorePglite,
} from './db/pglite-backup';
import { migrateServerDb } from './db/migrate';
import {
  CreateSiteRequest,
  EnrolmentCodeRequest,
  siteLegalOptions,
  UpdateSiteRequest,
  ListDesksQuery,
  type DeskSummary,
} from '../core/contract/replication';
import { issuesFromZod } from '../core/contract/errors';
import {
  createSite,
  listDesks,
  newEnrolmentCodeForSite,
  ReplacedDeskUnknown,
  revokeDesk,
  SeriesCodeTaken,
  SiteCodeTaken,
  updateSite,
} from './sites';
import { archiveChanges } from './archive';
import { warmUp } from './warm-up';
import { cliLanguage, cliTranslator, type CliT } from '../core/cli/i18n';
import { parseOptions } from '../core/cli/parse-options';

/**
 * `npm run server` starts the head-office service: PGlite in `--data DIR` (default .data/server)
 * with no setup, or PostgreSQL when DATABASE_URL is set. Migrations run at start.
 * `npm run server -- admin create-site --code RM01 --name … --kind reception` and friends
 * administer the same database directly: on PostgreSQL beside a running server, on PGlite only
 * while no server has its folder open (`db/data-dir-lock.ts`).
 */
/** The operator's language (`SPORTELLO_LANG`, else the POSIX locale), as the desk's command line. */
const t: CliT = cliTranslator(cliLanguage(process.env));
const usage = t('admin.usage');

const adminCommands = new Set([
  'create-site',
  'update-site',
  'enrolment-code',
  'desks',
  'revoke-desk',
  'archive-changes',
  'backup',
  'restore',
]);

/** The `create-site` options whose refusal says what they take (`admin.siteOptions.*`). */
const siteOptions = new Set(['code', 'name', 'kind', 'timezone', 'country', 'currency', 'locale']);

/** Days of changes `archive-changes` keeps: desks that sync within them never download their scope again. */
const KeepDays = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().max(3650));

/**
 * What to do about the desks still enrolled for a site when one more code is issued for it: the
 * ones numbering in the code's series are the ones a replacement would clash with.
 */
function replacementAdvice(
  site: string,
  issued: { seriesCode: string; replaces?: string; enrolledDesks: DeskSummary[] },
): string {
  const seen = (at: number | null) =>
    at === null
      ? t('admin.advice.neverSeen')
      : t('admin.advice.lastSeen', { at: new Date(at).toISOString() });
  const same = issued.enrolledDesks.filter(
    (desk) => desk.seriesCode === issued.seriesCode && desk.deskId !== issued.replaces,
  );
  return [
    t('admin.advice.enrolled', { site, count: issued.enrolledDesks.length }),
    ...issued.enrolledDesks.map((desk) =>
      t('admin.advice.desk', {
        deskId: desk.deskId,
        series: desk.seriesCode,
        seen: seen(desk.lastSeenAt),
      }),
    ),
    ...(issued.replaces
      ? [t('admin.advice.replaces', { series: issued.seriesCode, desk: issued.replaces })]
      : []),
    ...(same.length
      ? [t('admin.advice.same', { series: issued.seriesCode, count: same.length, site })]
      : []),
  ].join('\n');
}

/** The legal-detail options given, as the contract names them (`--vat-number` → `vatNumber`). */
function legalOptions(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    siteLegalOptions.flatMap((field) => {
      const value = values[optionName(field)];
      return typeof value === 'string' ? [[field, value]] : [];
    }),
  );
}

/** `vatNumber` → `vat-number`: how the command line spells a contract's field. */
function optionName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Each refused option once, with what it takes where the usage cannot say it briefly. */
function refuseOptions(error: z.ZodError): void {
  const refused = new Set(issuesFromZod(error).map((issue) => issue.path));
  for (const field of refused)
    console.error(
      t('admin.invalidOption', {
        option: optionName(field),
        what: siteOptions.has(field) ? t(`admin.siteOptions.${field}`) : t('admin.seeHelp'),
      }),
    );
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(
    {
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        code: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string' },
        timezone: { type: 'string', default: 'Europe/Rome' },
        country: { type: 'string', default: 'IT' },
        currency: { type: 'string', default: 'EUR' },
        locale: { type: 'string', default: 'it-IT' },
        site: { type: 'string' },
        series: { type: 'string' },
        replaces: { type: 'string' },
        desk: { type: 'string' },
        to: { type: 'string' },
        // A site's legal details (create-site, update-site): what its documents print.
        'legal-name': { type: 'string' },
        address: { type: 'string' },
        'vat-number': { type: 'string' },
        'tax-code': { type: 'string' },
        'registration-number': { type: 'string' },
        phone: { type: 'string' },
        email: { type: 'string' },
        backups: { type: 'string', default: process.env.SPORTELLO_BACKUPS || '' },
        'keep-days': { type: 'string', default: process.env.SPORTELLO_KEEP_DAYS || '90' },
        help: { type: 'boolean' },
      },
    },
    t,
  );
  if (!options.ok) {
    console.error(`${options.message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = options.parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  // Checked before the folder is opened: a typo must not start a server (`admn desks`) or hold
  // the head office's folder for nothing.
  const [command, subcommand, ...extra] = positionals;
  const refusal =
    command !== undefined && command !== 'admin'
      ? t('global.unknownCommand', { name: command })
      : command === 'admin' && subcommand === undefined
        ? ''
        : command === 'admin' && !adminCommands.has(subcommand!)
          ? t('global.unknownCommand', { name: `admin ${subcommand}` })
          : extra.length > (subcommand === 'restore' ? 1 : 0)
            ? t('global.unexpectedArgument', { argument: extra.at(-1) })
            : subcommand === 'revoke-desk' && !values.desk
              ? t('global.optionNeedsValue', { option: '--desk' })
              : undefined;
  if (refusal !== undefined) {
    console.error(refusal ? `${refusal}\n\n${usage}` : usage);
    return 2;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    console.error(t('admin.invalidPort', { port: values.port }));
    return 2;
  }
  const log = pino({ redact: redactedLogPaths });
  const url = process.env.DATABASE_URL;
  const dataDir = path.resolve(values.data ?? '.data/server');
  const isAdmin = positionals[0] === 'admin';
  // A PGlite head office backs itself up daily into this folder (`db/pglite-backup.ts`).
  const backupFolder =
    values.backups === 'off' ? undefined : path.resolve(values.backups || `${dataDir}-backups`);
  const inUse = (error: DataDirInUse) =>
    console.error(
      [
        t('admin.dataDirInUse', {
          dir: error.dataDir,
          pid: error.holder.pid,
          purpose: error.holder.purpose,
          since: new Date(error.holder.since).toISOString(),
        }),
        t(isAdmin ? 'admin.dataDirInUseAdmin' : 'admin.dataDirInUseServer'),
        t('admin.staleLock', { lockFile: error.lockFile }),
      ].join('\n'),
    );

  // Before the folder is opened: the restore replaces it.
  if (isAdmin && positionals[1] === 'restore') {
    const file = positionals[2];
    if (url) {
      console.error(t('admin.backupOnPostgres'));
      return 2;
    }
    if (!file) {
      console.error(usage);
      return 2;
    }
    if (!fs.existsSync(file)) {
      console.error(t('admin.restoreNoFile', { file }));
      return 1;
    }
    try {
      const restored = await restorePglite(dataDir, path.resolve(file), Date.now());
      console.log(
        t('admin.restored', {
          file: path.resolve(file),
          dir: dataDir,
          sites: restored.sites,
          aside: restored.movedAside ?? '-',
        }),
      );
      return 0;
    } catch (error) {
      if (error instanceof DataDirInUse) {
        inUse(error);
        return 1;
      }
      if (error instanceof NotAServerBackup) {
        console.error(
          t('admin.restoreNotABackup', { file: error.file, reason: error.reason || 'unreadable' }),
        );
        return 1;
      }
      throw error;
    }
  }

  let db: ServerDb;
  try {
    db = await openServerDb(
      url
        ? { url }
        : {
            dataDir,
            purpose: isAdmin
              ? `admin ${positionals[1] ?? ''}`.trim()
              : `server ${values.host}:${values.port}`,
          },
    );
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    inUse(error);
    return 1;
  }
  await migrateServerDb(db);

  if (isAdmin) {
    try {
      switch (positionals[1]) {
        case 'create-site': {
          const request = CreateSiteRequest.safeParse({
            code: values.code ?? '',
            name: values.name ?? '',
            kind: values.kind ?? '',
            timezone: values.timezone,
            country: values.country,
            currency: values.currency,
            locale: values.locale,
            ...legalOptions(values),
          });
          if (!request.success) {
            refuseOptions(request.error);
            return 2;
          }
          const created = await createSite(db, request.data, Date.now());
          console.log(JSON.stringify(created, null, 2));
          return 0;
        }
        case 'update-site': {
          const request = UpdateSiteRequest.safeParse({
            ...(values.name === undefined ? {} : { name: values.name }),
            ...legalOptions(values),
          });
          if (!values.code || !request.success) {
            if (!values.code) console.error(t('global.optionNeedsValue', { option: '--code' }));
            else if (issuesFromZod(request.error!)[0]?.code === 'nothing_to_change')
              console.error(t('admin.nothingToChange'));
            else refuseOptions(request.error!);
            return 2;
          }
          const site = await updateSite(db, values.code, request.data, Date.now());
          console.log(
            site ? JSON.stringify({ site }, null, 2) : t('admin.noSite', { site: values.code }),
          );
          return site ? 0 : 1;
        }
        case 'enrolment-code': {
          const request = EnrolmentCodeRequest.safeParse({
            ...(values.series === undefined ? {} : { series: values.series }),
            ...(values.replaces === undefined ? {} : { replaces: values.replaces }),
          });
          if (!request.success) {
            const [issue] = issuesFromZod(request.error);
            console.error(
              t(
                issue?.code === 'series_or_replaces'
                  ? 'admin.seriesOrReplaces'
                  : issue?.path === 'replaces'
                    ? 'admin.invalidReplaces'
                    : 'admin.invalidSeries',
              ),
            );
            return 2;
          }
          const issued = await newEnrolmentCodeForSite(
            db,
            values.site ?? '',
            Date.now(),
            request.data,
          );
          console.log(
            issued ? JSON.stringify(issued, null, 2) : t('admin.noSite', { site: values.site }),
          );
          if (issued?.enrolledDesks.length) console.error(replacementAdvice(values.site!, issued));
          return issued ? 0 : 1;
        }
        case 'desks': {
          const query = ListDesksQuery.safeParse(
            values.site === undefined ? {} : { site: values.site },
          );
          if (!query.success) {
            console.error(
              t('admin.invalidSite', { option: issuesFromZod(query.error)[0]?.path ?? 'site' }),
            );
            return 2;
          }
          console.log(JSON.stringify(await listDesks(db, query.data), null, 2));
          return 0;
        }
        case 'revoke-desk': {
          const revoked = await revokeDesk(db, values.desk!, Date.now());
          console.log(
            revoked ? t('admin.revoked') : t('admin.noActiveDesk', { desk: values.desk }),
          );
          return revoked ? 0 : 1;
        }
        case 'backup': {
          if (db.kind === 'postgres') {
            console.error(t('admin.backupOnPostgres'));
            return 2;
          }
          const folder = values.to ? path.resolve(values.to) : backupFolder;
          if (!folder) {
            console.error(t('admin.backupNoFolder'));
            return 2;
          }
          try {
            console.log(JSON.stringify(await backUpPglite(db, folder, Date.now()), null, 2));
          } catch (error) {
            if (!(error instanceof FolderTooLargeToDump)) throw error;
            console.error(
              t('admin.folderTooLarge', { dir: dataDir, mb: Math.round(error.bytes / 1024 ** 2) }),
            );
            return 1;
          }
          return 0;
        }
        case 'archive-changes': {
          const keepDays = KeepDays.safeParse(values['keep-days']);
          if (!keepDays.success) {
            console.error(t('admin.invalidKeepDays'));
            return 2;
          }
          const before = subDays(new Date(), keepDays.data);
          const result = await archiveChanges(db, {
            before,
            onProgress: (archived) => console.error(t('admin.archiving', { count: archived })),
          });
          console.log(JSON.stringify({ before: before.toISOString(), ...result }, null, 2));
          return 0;
        }
        default:
          console.error(usage);
          return 2;
      }
    } catch (error) {
      // Order numbers carry the code, so one code names one site's series for good.
      if (error instanceof ReplacedDeskUnknown) {
        console.error(t('admin.unknownReplaced', { desk: error.message, site: values.site }));
        return 1;
      }
      if (error instanceof SiteCodeTaken || error instanceof SeriesCodeTaken) {
        console.error(t('admin.codeTaken', { code: error.message }));
        return 1;
      }
      throw error;
    } finally {
      await db.close();
    }
  }

  const keepDays =
    values['keep-days'] === 'off' ? undefined : KeepDays.safeParse(values['keep-days']);
  if (keepDays && !keepDays.success) {
    console.error(t('admin.invalidKeepDaysOrOff'));
    await db.close();
    return 2;
  }
  const app = await buildApp({
    db,
    logger: true,
    ...(db.kind === 'pglite' && backupFolder ? { backupFolder } : {}),
    ...(keepDays ? { archiveKeepDays: keepDays.data } : {}),
    ...(process.env.SPORTELLO_ADMIN_KEY ? { adminKey: process.env.SPORTELLO_ADMIN_KEY } : {}),
  });
  await warmUp(db, Date.now());
  await app.listen({ port, host: values.host });
  log.info(
    {
      database: url ? 'postgres' : dataDir,
      ...(url ? {} : { backups: backupFolder ?? 'off' }),
    },
    'sportello server ready',
  );
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
