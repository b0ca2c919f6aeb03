import fs from 'node:fs';
import path from 'node:path';
import { subDays } from 'date-fns';
import { z } from 'zod';
import type { ServerDb } from './db/connection';
import {
  backUpPglite,
  FolderTooLargeToDump,
  NotAServerBackup,
  restorePglite,
} from './db/pglite-backup';
import {
  CreateSiteRequest,
  EnrolmentCodeRequest,
  siteLegalOptions,
  UpdateSiteRequest,
  ListDesksQuery,
} from '../core/contract/replication';
import { issuesFromZod } from '../core/contract/errors';
import {
  createSite,
  listDesks,
  newEnrolmentCodeForSite,
  ReplacedDeskUnknown,
  revokeDesk,
  SeriesCodeTaken,
  listSites,
  siteExists,
  SiteCodeTaken,
  updateSite,
} from './sites';
import { archiveChanges } from './archive';
import {
  desksTable,
  enrolmentCodeNotice,
  isoTime,
  printReport,
  replacementAdvice,
  sitesTable,
} from './admin-output';
import type { CliT } from '../core/cli/i18n';

/**
 * `npm run server -- admin …`: the head office's administration on its own database, with what
 * the operator reads in their language. `main.ts` parses and checks the command line, opens the
 * database and hands the command here; `restore` comes before, as it replaces the folder.
 */

/**
 * The admin commands and the admin options each one reads: anything else after `admin`, and an
 * option the command does not read (`admin desks --code RM01` would list every desk), is refused
 * before the folder is opened.
 */
export const commandOptions: Readonly<Record<string, readonly string[]>> = {
  'create-site': [
    ...['code', 'name', 'kind', 'timezone', 'country', 'currency', 'locale'],
    ...siteLegalOptions.map(optionName),
  ],
  'update-site': ['code', 'name', ...siteLegalOptions.map(optionName)],
  'enrolment-code': ['site', 'series', 'replaces'],
  sites: ['json'],
  desks: ['site', 'json'],
  'revoke-desk': ['desk'],
  'archive-changes': [],
  backup: ['to'],
  restore: [],
};

export const adminCommands = new Set(Object.keys(commandOptions));

/** The option a command cannot do without: refused before the folder is opened. */
export const requiredOptions: Readonly<Record<string, 'code' | 'site' | 'desk'>> = {
  'update-site': 'code',
  'enrolment-code': 'site',
  'revoke-desk': 'desk',
};

/** The options only admin commands take, for `parseArgs`. */
export const adminOptions = {
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
  // `sites` and `desks` print a table for a person, and their JSON with this (for scripts).
  json: { type: 'boolean' },
} as const;

/** The options an admin command reads, as parsed: `adminOptions` and `--keep-days`. */
export type AdminOptionValues = {
  [name in Exclude<keyof typeof adminOptions, 'json'>]?: string;
} & { json?: boolean } & {
  [name in 'timezone' | 'country' | 'currency' | 'locale' | 'keep-days']: string;
};

/** What an admin command needs beyond its options. */
export interface AdminContext {
  t: CliT;
  /** The PGlite data folder (`--data`), absolute; unused on PostgreSQL. */
  dataDir: string;
  /** Where `backup` writes without `--to`; undefined with `--backups off`. */
  backupFolder: string | undefined;
}

/** The `create-site` options whose refusal says what they take (`admin.siteOptions.*`). */
const siteOptions = new Set(['code', 'name', 'kind', 'timezone', 'country', 'currency', 'locale']);

/** Days of changes `archive-changes` keeps: desks that sync within them never download their scope again. */
export const KeepDays = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().max(3650));

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

/** The contract's issues the command line says in words for any option (`admin.issue.*`). */
const explainedIssues = new Set(['invalid_email', 'too_big_string', 'required']);

/**
 * Each refused option once, with what it takes: a site option's usual form, else why the
 * contract refused it (`--email bad`: not an e-mail address), else where to look (`--help`).
 */
function refuseOptions(t: CliT, error: z.ZodError): void {
  const refused = new Map<string, { code: string; params?: Record<string, unknown> }>();
  for (const issue of issuesFromZod(error))
    if (!refused.has(issue.path)) refused.set(issue.path, issue);
  for (const [field, issue] of refused)
    console.error(
      t('admin.invalidOption', {
        option: optionName(field),
        what: siteOptions.has(field)
          ? t(`admin.siteOptions.${field}`)
          : explainedIssues.has(issue.code)
            ? t(`admin.issue.${issue.code}`, issue.params)
            : t('admin.seeHelp'),
      }),
    );
}

/** A site code that names no site, said on stderr: exit code 1, nothing on stdout. */
function noSite(t: CliT, site: string): number {
  console.error(t('admin.noSite', { site }));
  return 1;
}

/** `admin revoke-desk`: a desk already revoked, or with no such id, is said as such. */
async function revoke(db: ServerDb, deskId: string, t: CliT): Promise<number> {
  if (await revokeDesk(db, deskId, Date.now())) {
    console.log(t('admin.revoked', { desk: deskId }));
    return 0;
  }
  const desk = (await listDesks(db, {})).find((listed) => listed.deskId === deskId);
  console.error(
    desk?.revokedAt
      ? t('admin.alreadyRevoked', { desk: deskId, at: isoTime(desk.revokedAt) })
      : t('admin.noDesk', { desk: deskId }),
  );
  return 1;
}

/**
 * `admin restore FILE`: puts a backup in place of the PGlite folder, which must not be open.
 * Throws `DataDirInUse` when a process holds the folder.
 */
export async function restoreHeadOffice(
  file: string,
  { t, dataDir }: AdminContext,
): Promise<number> {
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
        sites: t('admin.sites', { count: restored.sites }),
        aside: restored.movedAside ?? '-',
      }),
    );
    return 0;
  } catch (error) {
    if (error instanceof NotAServerBackup) {
      console.error(
        t('admin.restoreNotABackup', {
          file: error.file,
          reason: t(`admin.notABackup.${error.reason}`),
        }),
      );
      return 1;
    }
    throw error;
  }
}

/** Runs one admin command on the open, migrated database; returns the exit code. */
export async function runAdminCommand(
  db: ServerDb,
  command: string,
  values: AdminOptionValues,
  context: AdminContext,
): Promise<number> {
  const { t } = context;
  try {
    switch (command) {
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
          refuseOptions(t, request.error);
          return 2;
        }
        const created = await createSite(db, request.data, Date.now());
        printReport(created);
        console.error(
          enrolmentCodeNotice(t, { ...created, site: created.site.code, created: true }),
        );
        return 0;
      }
      case 'update-site': {
        const request = UpdateSiteRequest.safeParse({
          ...(values.name === undefined ? {} : { name: values.name }),
          ...legalOptions(values),
        });
        if (!request.success) {
          if (issuesFromZod(request.error)[0]?.code === 'nothing_to_change')
            console.error(t('admin.nothingToChange'));
          else refuseOptions(t, request.error);
          return 2;
        }
        const site = await updateSite(db, values.code!, request.data, Date.now());
        if (!site) return noSite(t, values.code!);
        printReport({ site });
        return 0;
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
        const issued = await newEnrolmentCodeForSite(db, values.site!, Date.now(), request.data);
        if (!issued) return noSite(t, values.site!);
        printReport(issued);
        console.error(enrolmentCodeNotice(t, { ...issued, site: values.site! }));
        if (issued.enrolledDesks.length) console.error(replacementAdvice(t, values.site!, issued));
        return 0;
      }
      case 'sites': {
        const sites = await listSites(db);
        if (values.json) printReport(sites);
        else console.log(sitesTable(t, sites));
        return 0;
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
        if (query.data.site !== undefined && !(await siteExists(db, query.data.site)))
          return noSite(t, query.data.site);
        const desks = await listDesks(db, query.data);
        if (values.json) printReport(desks);
        else console.log(desksTable(t, desks));
        return 0;
      }
      case 'revoke-desk':
        return await revoke(db, values.desk!, t);
      case 'backup': {
        if (db.kind === 'postgres') {
          console.error(t('admin.backupOnPostgres'));
          return 2;
        }
        const folder = values.to ? path.resolve(values.to) : context.backupFolder;
        if (!folder) {
          console.error(t('admin.backupNoFolder'));
          return 2;
        }
        try {
          printReport(await backUpPglite(db, folder, Date.now()));
        } catch (error) {
          if (!(error instanceof FolderTooLargeToDump)) throw error;
          console.error(
            t('admin.folderTooLarge', {
              dir: context.dataDir,
              mb: Math.round(error.bytes / 1024 ** 2),
            }),
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
        printReport({ before: isoTime(before.getTime()), ...result });
        return 0;
      }
      default:
        console.error(t('admin.usage'));
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
  }
}
