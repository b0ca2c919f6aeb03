import path from 'node:path';
import { pino } from 'pino';
import { buildApp, redactedLogPaths } from './app';
import { openServerDb, type ServerDb } from './db/connection';
import { DataDirInUse } from './db/data-dir-lock';
import { migrateServerDb } from './db/migrate';
import {
  adminCommands,
  adminOptions,
  commandOptions,
  KeepDays,
  requiredOptions,
  restoreHeadOffice,
  runAdminCommand,
  type AdminContext,
} from './admin-commands';
import { isoTime } from './admin-output';
import { warmUp } from './warm-up';
import { cliLanguage, cliTranslator, type CliT } from '../core/cli/i18n';
import { parseOptions } from '../core/cli/parse-options';

/**
 * `npm run server` starts the head-office service: PGlite in `--data DIR` (default .data/server)
 * with no setup, or PostgreSQL when DATABASE_URL is set. Migrations run at start.
 * `npm run server -- admin create-site --code RM01 --name … --kind reception` and friends
 * administer the same database directly (`admin-commands.ts`): on PostgreSQL beside a running
 * server, on PGlite only while no server has its folder open (`db/data-dir-lock.ts`).
 */
/** The operator's language (`SPORTELLO_LANG`, else the POSIX locale), as the desk's command line. */
const t: CliT = cliTranslator(cliLanguage(process.env));
const usage = t('admin.usage');

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(
    {
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: {
        data: { type: 'string' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        ...adminOptions,
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
  const { values, positionals, tokens } = options.parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  // Checked before the folder is opened: a typo must not start a server (`admn desks`) or hold
  // the head office's folder for nothing.
  const [command, subcommand, ...extra] = positionals;
  const needed = command === 'admin' && subcommand ? requiredOptions[subcommand] : undefined;
  const reads = command === 'admin' && subcommand ? commandOptions[subcommand] : undefined;
  const stray = tokens.find(
    (token) =>
      token.kind === 'option' && token.name in adminOptions && !reads?.includes(token.name),
  );
  const refusal =
    command !== undefined && command !== 'admin'
      ? t('global.unknownCommand', { name: command })
      : command === 'admin' && subcommand === undefined
        ? ''
        : command === 'admin' && !adminCommands.has(subcommand!)
          ? t('global.unknownCommand', { name: `admin ${subcommand}` })
          : extra.length > (subcommand === 'restore' ? 1 : 0)
            ? t('global.unexpectedArgument', { argument: extra.at(-1) })
            : stray?.kind === 'option'
              ? t('admin.notAnOption', {
                  command: command === 'admin' ? `admin ${subcommand}` : 'npm run server',
                  option: stray.rawName,
                })
              : needed && !values[needed]
                ? t('global.optionNeedsValue', { option: `--${needed}` })
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
          since: isoTime(error.holder.since),
        }),
        t(isAdmin ? 'admin.dataDirInUseAdmin' : 'admin.dataDirInUseServer'),
        t('admin.staleLock', { lockFile: error.lockFile }),
      ].join('\n'),
    );

  const context: AdminContext = { t, dataDir, backupFolder };

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
    try {
      return await restoreHeadOffice(file, context);
    } catch (error) {
      if (!(error instanceof DataDirInUse)) throw error;
      inUse(error);
      return 1;
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
      return await runAdminCommand(db, positionals[1]!, values, context);
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
