import { parseOptions } from '../parse-options';
import { EnrolmentRefused, enrolDesk, previewEnrolment } from '../../sync/enrol';
import { CredentialsLocked } from '../../sync/sync-state';
import { ServerRefused } from '../../sync/transport';
import type { CliCommand } from '../command';
import type { CliT } from '../i18n';

export const enrolCommand: CliCommand = {
  name: 'enrol',
  summary: (t) => t('commands.enrol.summary'),
  usage: (t) => t('commands.enrol.usage'),
  async run(args, env) {
    const { t } = env;
    const options = parseOptions(
      {
        args,
        options: {
          server: { type: 'string' },
          code: { type: 'string' },
          'expect-site': { type: 'string' },
        },
      },
      t,
    );
    const { server, code, 'expect-site': expectSite } = options.ok ? options.parsed.values : {};
    if (!server || !code) {
      const why = options.ok ? '' : `${options.message}\n\n`;
      env.io.err(`${why}${t('usage', { usage: this.usage(t) })}\n`);
      return 2;
    }
    const desk = env.openDesk();
    try {
      // A script does not answer prompts: it names the site it means, and a code made for
      // another one is refused before it is spent.
      if (expectSite !== undefined) {
        const { site } = await previewEnrolment(desk, server, code);
        if (site.code !== expectSite.trim().toUpperCase()) {
          const expected = expectSite.trim().toUpperCase();
          env.io.err(`${t('commands.enrol.otherSite', { ...site, expected })}\n`);
          return 1;
        }
      }
      const enrolment = await enrolDesk(desk, server, code);
      const { site, deskId, seriesCode, retiredDeskId } = enrolment;
      env.io.out(
        [
          t('commands.enrol.done', { code: site.code, name: site.name, kind: site.kind, deskId }),
          ...(seriesCode && seriesCode !== site.code
            ? [t('commands.enrol.series', { series: seriesCode })]
            : []),
          ...(retiredDeskId ? [t('commands.enrol.retired', { deskId: retiredDeskId })] : []),
          t('commands.enrol.next'),
        ].join('\n') + '\n',
      );
      return 0;
    } catch (error) {
      if (error instanceof CredentialsLocked) {
        env.io.err(`${lockedAdvice(t, error)} ${t('commands.enrol.codeNotUsed')}\n`);
        return 1;
      }
      if (error instanceof EnrolmentRefused) {
        const why =
          error.code === 'desk_has_orders'
            ? 'commands.enrol.deskHasOrders'
            : 'commands.enrol.deskHasPendingChanges';
        env.io.err(`${t(why, error.params)}\n`);
        return 1;
      }
      if (error instanceof ServerRefused) {
        env.io.err(
          (error.status === 401
            ? t('commands.enrol.badCode')
            : t('commands.enrol.serverRefused', {
                status: error.status,
                code: error.error.code,
              })) + '\n',
        );
        return 1;
      }
      env.io.err(
        `${t('commands.enrol.unreachable', { server, detail: (error as Error).message })}\n`,
      );
      return 1;
    }
  },
};

/** The desk key is wrapped by the desk app's keychain: say where enrolment and sync work. */
export function lockedAdvice(t: CliT, error: CredentialsLocked): string {
  return t('commands.enrol.locked', { detail: error.message });
}

export default enrolCommand;
