import { parseArgs } from 'node:util';
import { EnrolmentRefused, enrolDesk } from '../../sync/enrol';
import { CredentialsLocked } from '../../sync/sync-state';
import { ServerRefused } from '../../sync/transport';
import type { CliCommand } from '../command';

export const enrolCommand: CliCommand = {
  name: 'enrol',
  summary: 'Join the head office: turn this desk into the site an enrolment code was made for.',
  usage: 'enrol --server URL --code CODE',
  async run(args, env) {
    const { values } = parseArgs({
      args,
      options: { server: { type: 'string' }, code: { type: 'string' } },
    });
    if (!values.server || !values.code) {
      env.io.err(`usage: ${this.usage}\n`);
      return 2;
    }
    const desk = env.openDesk();
    try {
      const enrolment = await enrolDesk(desk, values.server, values.code);
      env.io.out(
        `This desk is now ${enrolment.site.code} "${enrolment.site.name}" (${enrolment.site.kind}), desk ${enrolment.deskId}.\n` +
          (enrolment.seriesCode && enrolment.seriesCode !== enrolment.site.code
            ? `It numbers its orders in a series of its own: ${enrolment.seriesCode}.\n`
            : '') +
          'Restart the desk (or run `sync`) to download the head office data.\n',
      );
      return 0;
    } catch (error) {
      if (error instanceof CredentialsLocked) {
        env.io.err(`${lockedAdvice(error)} Nothing was changed and the code was not used.\n`);
        return 1;
      }
      if (error instanceof EnrolmentRefused) {
        env.io.err(
          error.code === 'desk_has_orders'
            ? `Refused: this desk already holds ${error.params.orders} orders of its own site. Enrol a fresh data folder.\n`
            : `Refused: ${error.params.changes} local changes are still waiting to be sent; only a code of this desk's own site keeps them.\n`,
        );
        return 1;
      }
      if (error instanceof ServerRefused) {
        env.io.err(
          error.status === 401
            ? 'The enrolment code is wrong, expired or already used. Ask the head office for a new one.\n'
            : `The server refused the enrolment (${error.status} ${error.error.code}).\n`,
        );
        return 1;
      }
      env.io.err(`Cannot reach ${values.server}: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

/** The desk key is wrapped by the desk app's keychain: say where enrolment and sync work. */
export function lockedAdvice(error: CredentialsLocked): string {
  return `Refused: ${error.message}. The desk app keeps this desk's key in the OS keychain; enrol and sync from the desk app.`;
}

export default enrolCommand;
