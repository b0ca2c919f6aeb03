import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../core/contract/roles';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { keepDeskSynced } from '../../core/sync/desk-sync';
import { enrolDesk } from '../../core/sync/enrol';
import { startWebHost, type WebHost } from '../../core/web/host';

/**
 * The replication test's desks, in one process (one start-up instead of three): each in its own
 * data folder and browser-mode host, enrolled with the running server and syncing in the
 * background like a real desk. The head office is set up at the first-run screen first and
 * enrols afterwards; the reception desks enrol fresh and get their receptionist locally.
 * Input: SPORTELLO_REPLICATION (JSON, see `DeskPlan`). Prints `ready` when all three serve.
 */
export interface DeskPlan {
  dir: string;
  port: number;
  code: string;
  person: { name: string; login: string; password: string };
  /** The local person's roles at an enrolled desk (a receptionist unless told). */
  roles?: Role[];
  /** Set up at the first-run screen (as head office) before enrolling. */
  firstRun?: { code: string; name: string };
}

const { serverUrl, token, desks } = JSON.parse(process.env.SPORTELLO_REPLICATION ?? '{}') as {
  serverUrl: string;
  token: string;
  desks: DeskPlan[];
};
const staticDir = path.resolve(import.meta.dirname, '../../out/renderer');
const running: { desk: Desk; host: WebHost; sync: { stop(): Promise<void> } }[] = [];

async function must(result: Promise<{ ok: boolean; error?: unknown }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(`replication set-up failed: ${JSON.stringify(answer.error)}`);
}

async function startDesk(plan: DeskPlan) {
  fs.mkdirSync(plan.dir, { recursive: true });
  const fresh = openDesk({ dataDir: plan.dir });
  if (plan.firstRun)
    await must(
      fresh.callWithSession(undefined, 'setUpHeadOffice', {
        site: {
          ...plan.firstRun,
          timezone: 'Europe/Rome',
          country: 'IT',
          currency: 'EUR',
          locale: 'it-IT',
          legal: { legalName: 'Sportello Assistenza S.r.l.', address: 'Via Dante 1, Milano' },
        },
        admin: plan.person,
      }),
    );
  await enrolDesk(fresh, serverUrl, plan.code);
  fresh.close();
  const desk = openDesk({ dataDir: plan.dir });
  if (!plan.firstRun)
    await must(
      desk.call('createUser', {
        ...plan.person,
        roles: plan.roles ?? ['receptionist'],
        siteId: desk.site.id,
      }),
    );
  const host = await startWebHost({ desk, port: plan.port, staticDir, token });
  // A test puts this computer's clock off by writing milliseconds to add into `clock-offset` in
  // the desk's folder: its sync rounds compare that clock with the head office's.
  const clockFile = path.join(plan.dir, 'clock-offset');
  const now = () =>
    Date.now() + (fs.existsSync(clockFile) ? Number(fs.readFileSync(clockFile, 'utf8')) : 0);
  // As the hosts run it: a desk enrolled again from its sync drawer syncs on at once.
  running.push({ desk, host, sync: keepDeskSynced(desk, { now }) });
}

for (const plan of desks) await startDesk(plan);
console.log('ready');

async function stop() {
  for (const { desk, host, sync } of running) {
    await sync.stop();
    await host.close();
    desk.close();
  }
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
