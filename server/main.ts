import path from 'node:path';
import { parseArgs } from 'node:util';
import { subDays } from 'date-fns';
import { z } from 'zod';
import { pino } from 'pino';
import { buildApp, redactedLogPaths } from './app';
import { openServerDb } from './db/connection';
import { migrateServerDb } from './db/migrate';
import {
  CreateSiteRequest,
  EnrolmentCodeRequest,
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
} from './sites';
import { archiveChanges } from './archive';
import { warmUp } from './warm-up';

/**
 * `npm run server` starts the head-office service: PGlite in `--data DIR` (default .data/server)
 * with no setup, or PostgreSQL when DATABASE_URL is set. Migrations run at start.
 * `npm run server -- admin create-site --code RM01 --name … --kind reception` and friends
 * administer the same database directly.
 */
const usage = `usage:
  npm run server -- [--data DIR] [--port 8080] [--host 127.0.0.1] [--keep-days 90|off]
  npm run server -- admin create-site --code CODE --name NAME --kind KIND [--timezone Europe/Rome] [--country IT] [--currency EUR]
  npm run server -- admin enrolment-code --site CODE [--series CODE | --replaces DESK_ID]
  npm run server -- admin desks [--site CODE]
  npm run server -- admin revoke-desk --desk DESK_ID
  npm run server -- admin archive-changes [--keep-days 90]
KIND: head_office | reception | workshop_own | workshop_partner
--keep-days: the server archives changes older than that every hour; off: never (archive-changes then)
env: DATABASE_URL (PostgreSQL), SPORTELLO_ADMIN_KEY (enables /admin/*), SPORTELLO_KEEP_DAYS (--keep-days)`;

/** Days of changes `archive-changes` keeps: desks that sync within them never download their scope again. */
const KeepDays = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().max(3650));

/** What each `create-site` option takes, said when a value is refused. */
const siteOptions: Record<string, string> = {
  code: '2–8 capital letters or digits (RM01)',
  name: '1–200 characters',
  kind: 'head_office, reception, workshop_own or workshop_partner',
  timezone: 'a time zone name (Europe/Rome)',
  country: 'two capital letters (IT)',
  currency: 'three capital letters (EUR)',
  locale: 'a language tag (it-IT)',
};

/**
 * What to do about the desks still enrolled for a site when one more code is issued for it: the
 * ones numbering in the code's series are the ones a replacement would clash with.
 */
function replacementAdvice(
  site: string,
  issued: { seriesCode: string; replaces?: string; enrolledDesks: DeskSummary[] },
): string {
  const seen = (at: number | null) =>
    at === null ? 'never seen' : `last seen ${new Date(at).toISOString()}`;
  const same = issued.enrolledDesks.filter(
    (desk) => desk.seriesCode === issued.seriesCode && desk.deskId !== issued.replaces,
  );
  return [
    `${site} still has ${issued.enrolledDesks.length} desk(s) enrolled:`,
    ...issued.enrolledDesks.map(
      (desk) => `  ${desk.deskId} (series ${desk.seriesCode}, ${seen(desk.lastSeenAt)})`,
    ),
    ...(issued.replaces
      ? [
          `This code numbers orders in series ${issued.seriesCode}, as ${issued.replaces} did;`,
          'that desk is revoked when a computer enrols with this code.',
        ]
      : []),
    ...(same.length
      ? [
          `This code numbers orders in series ${issued.seriesCode}, as ${same.length} of them do.`,
          'If it is for a computer that replaces one of them, issue the code with',
          `--replaces DESK_ID instead (the old desk is revoked when the new one enrols), or revoke it:`,
          '  npm run server -- admin revoke-desk --desk DESK_ID',
          'Two desks taking intakes in one series would give out the same order numbers: for a',
          `further counter, issue a code with a series of its own (--series ${site}B).`,
        ]
      : []),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
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
      'keep-days': { type: 'string', default: process.env.SPORTELLO_KEEP_DAYS || '90' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const log = pino({ redact: redactedLogPaths });
  const url = process.env.DATABASE_URL;
  const dataDir = path.resolve(values.data ?? '.data/server');
  const db = await openServerDb(url ? { url } : { dataDir });
  await migrateServerDb(db);

  if (positionals[0] === 'admin') {
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
          });
          if (!request.success) {
            const refused = new Set(issuesFromZod(request.error).map((issue) => issue.path));
            for (const option of refused)
              console.error(`invalid --${option}: ${siteOptions[option] ?? 'see --help'}`);
            return 2;
          }
          const created = await createSite(db, request.data, Date.now());
          console.log(JSON.stringify(created, null, 2));
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
              issue?.code === 'series_or_replaces'
                ? 'give --series or --replaces, not both: a replacement numbers in the series of the desk it replaces'
                : issue?.path === 'replaces'
                  ? 'invalid --replaces: a desk id, as `admin desks` lists them'
                  : 'invalid --series: a series code is 2–8 capital letters or digits',
            );
            return 2;
          }
          const issued = await newEnrolmentCodeForSite(
            db,
            values.site ?? '',
            Date.now(),
            request.data,
          );
          console.log(issued ? JSON.stringify(issued, null, 2) : `no site ${values.site}`);
          if (issued?.enrolledDesks.length) console.error(replacementAdvice(values.site!, issued));
          return issued ? 0 : 1;
        }
        case 'desks': {
          const query = ListDesksQuery.safeParse(
            values.site === undefined ? {} : { site: values.site },
          );
          if (!query.success) {
            console.error(
              `invalid ${issuesFromZod(query.error)[0]?.path}: a site code is 2–8 capital letters or digits`,
            );
            return 2;
          }
          console.log(JSON.stringify(await listDesks(db, query.data), null, 2));
          return 0;
        }
        case 'revoke-desk': {
          const revoked = await revokeDesk(db, values.desk ?? '', Date.now());
          console.log(revoked ? 'revoked' : `no active desk ${values.desk}`);
          return revoked ? 0 : 1;
        }
        case 'archive-changes': {
          const keepDays = KeepDays.safeParse(values['keep-days']);
          if (!keepDays.success) {
            console.error('invalid --keep-days: a whole number of days, 0 to 3650');
            return 2;
          }
          const before = subDays(new Date(), keepDays.data);
          const result = await archiveChanges(db, {
            before,
            onProgress: (archived) => console.error(`archived ${archived} changes…`),
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
        console.error(`no desk ${error.message} at site ${values.site} (see admin desks)`);
        return 1;
      }
      if (error instanceof SiteCodeTaken || error instanceof SeriesCodeTaken) {
        console.error(
          `${error.message} is taken: another site holds it, as its code or as a counter's series`,
        );
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
    console.error('invalid --keep-days: a whole number of days, 0 to 3650, or off');
    await db.close();
    return 2;
  }
  const app = await buildApp({
    db,
    logger: true,
    ...(keepDays ? { archiveKeepDays: keepDays.data } : {}),
    ...(process.env.SPORTELLO_ADMIN_KEY ? { adminKey: process.env.SPORTELLO_ADMIN_KEY } : {}),
  });
  await warmUp(db, Date.now());
  await app.listen({ port: Number(values.port), host: values.host });
  log.info({ database: url ? 'postgres' : dataDir }, 'sportello server ready');
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
