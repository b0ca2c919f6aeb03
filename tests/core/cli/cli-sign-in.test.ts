import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliHost } from '../../../core/cli/run-cli';
import { roles, type Role } from '../../../core/contract/roles';
import { openDesk, type Desk } from '../../../core/runtime/desk';
import { buildScene, sampleInputs, type Scene } from '../../support/contract-samples';
import { intakeInput, tempDir } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';
import {
  addOnePersonPerRole,
  roleLogin,
  rolePassword,
  totalChanges,
} from '../../support/role-sessions';
import { refusalMatrix } from '../runtime/role-matrix';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Runs the CLI's real entry in this process against a desk that stays open between runs. */
async function cli(desk: Desk, args: string[], host: Partial<CliHost> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--data', desk.dataDir, ...args], {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    openDesk: () => desk,
    ...host,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const withPassword = (password: string) => ({ environment: { SPORTELLO_PASSWORD: password } });
const asRole = (role: Role) => ['--user', roleLogin(role)];

let deskDir: string;
let scene: Scene;
/** Rows a sign-in, a read and a sign-out write (the audit row of the sign-in and its outbox entry). */
const signInWrites = new Map<Role, number>();

beforeAll(async () => {
  deskDir = tempDir('sportello-cli-sign-in-');
  scene = await buildScene({}, openDesk({ dataDir: deskDir }));
  await addOnePersonPerRole(scene);
  for (const role of roles) {
    const before = totalChanges(scene);
    const me = await cli(
      scene.desk,
      [...asRole(role), 'call', 'whoAmI'],
      withPassword(rolePassword),
    );
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({
      user: { login: roleLogin(role), roles: [role] },
    });
    signInWrites.set(role, totalChanges(scene) - before);
  }
});

afterAll(() => {
  scene.desk.close();
  fs.rmSync(deskDir, { recursive: true, force: true });
});

describe('the command line signs in as a person', () => {
  it('says in --help how to sign in, and which commands work on the file itself', async () => {
    const help = await cli(scene.desk, ['--help']);
    expect(help.stdout).toMatch(/--user LOGIN/);
    expect(help.stdout).toMatch(/SPORTELLO_PASSWORD/);
    expect(help.stdout).toMatch(/seed, backup, restore and print work on the database file/);
  });

  it('without --user only the public methods answer; the rest are unauthenticated, writing nothing', async () => {
    const state = await cli(scene.desk, ['call', 'getFirstRunState']);
    expect(state.code).toBe(0);
    const before = totalChanges(scene);
    const refused = await cli(scene.desk, ['call', 'createIntake', JSON.stringify(intakeInput())]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toEqual({
      code: 'unauthenticated',
      params: { method: 'createIntake' },
    });
    expect(totalChanges(scene)).toBe(before);
  });

  it("a receptionist's intake is recorded under her own name in the audit trail", async () => {
    const created = await cli(
      scene.desk,
      [...asRole('receptionist'), 'call', 'createIntake', JSON.stringify(intakeInput())],
      withPassword(rolePassword),
    );
    expect(created.code, created.stderr).toBe(0);
    const row = scene.desk.db.$client
      .prepare(
        `SELECT u.login FROM audit_log a JOIN users u ON u.id = a.user_id
         WHERE a.action = 'createIntake' ORDER BY a.rowid DESC LIMIT 1`,
      )
      .get() as { login: string } | undefined;
    expect(row?.login).toBe(roleLogin('receptionist'));
  });

  it('a wrong password is invalid_credentials with exit 1, and counts towards the lock', async () => {
    const failedBefore = failedSignIns('only.technician');
    const wrong = await cli(
      scene.desk,
      [...asRole('technician'), 'call', 'listOrders', '{}'],
      withPassword('not the password'),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(JSON.parse(wrong.stderr)).toEqual({ code: 'invalid_credentials' });
    expect(failedSignIns('only.technician')).toBe(failedBefore + 1);
    const unknown = await cli(
      scene.desk,
      ['--user', 'nobody', 'call', 'listOrders'],
      withPassword('x'),
    );
    expect(JSON.parse(unknown.stderr)).toEqual({ code: 'invalid_credentials' });
  });

  it('signs in with a PIN from SPORTELLO_PIN when asked to with --pin', async () => {
    const me = await cli(scene.desk, ['--user', 'luca', '--pin', 'call', 'whoAmI'], {
      environment: { SPORTELLO_PIN: '1234' },
    });
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ user: { login: 'luca' } });
    const failedBefore = failedSignIns('luca');
    const wrong = await cli(scene.desk, ['--user', 'luca', '--pin', 'call', 'whoAmI'], {
      environment: { SPORTELLO_PIN: '9999' },
    });
    expect(JSON.parse(wrong.stderr)).toEqual({ code: 'invalid_credentials' });
    expect(failedSignIns('luca')).toBe(failedBefore + 1);
    // A login no one has reads the same, and the attempt is in the trail under what was typed.
    const unknown = await cli(scene.desk, ['--user', 'nobody.here', '--pin', 'call', 'whoAmI'], {
      environment: { SPORTELLO_PIN: '1234' },
    });
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toEqual({ code: 'invalid_credentials' });
    expect(failedSignIns('nobody.here')).toBe(1);
  });

  it('asks for the password without echo where there is a terminal, and exits 2 where there is none', async () => {
    const prompts: string[] = [];
    const asked = await cli(scene.desk, ['--user', headOffice.admin.login, 'call', 'whoAmI'], {
      readSecret: (prompt) => {
        prompts.push(prompt);
        return Promise.resolve(headOffice.admin.password);
      },
    });
    expect(asked.code, asked.stderr).toBe(0);
    expect(prompts).toEqual([`Password for ${headOffice.admin.login}: `]);

    const none = await cli(scene.desk, ['--user', headOffice.admin.login, 'call', 'whoAmI']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set SPORTELLO_PASSWORD, or run in a terminal/);
    expect((await cli(scene.desk, ['--pin', 'call', 'whoAmI'])).code).toBe(2);
  });

  it('says that --user does not apply to the commands that work on the file itself', async () => {
    const methods = await cli(scene.desk, [...asRole('manager'), 'methods'], withPassword('x'));
    expect(methods.code).toBe(0);
    expect(methods.stderr).toMatch(/methods does not sign in/);
  });

  it('closes the session it opened when the run ends', async () => {
    const before = scene.desk.sessions;
    const opened = new Set<string>();
    const open = before.open.bind(before);
    before.open = (userId: string) => {
      const session = open(userId);
      opened.add(session.token);
      return session;
    };
    try {
      await cli(scene.desk, [...asRole('manager'), 'call', 'whoAmI'], withPassword(rolePassword));
    } finally {
      before.open = open;
    }
    expect(opened.size).toBe(1);
    for (const token of opened) expect(scene.desk.actorForSession(token)).toBeUndefined();
  });
});

describe('every role is refused every method it does not hold, through the CLI', () => {
  it.each(refusalMatrix())(
    '$role is refused $method from the command line, exit 1, and nothing is written',
    async ({ method, role }) => {
      const before = totalChanges(scene);
      const refused = await cli(
        scene.desk,
        [...asRole(role), 'call', method, JSON.stringify(sampleInputs[method](scene))],
        withPassword(rolePassword),
      );
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(JSON.parse(refused.stderr)).toEqual({ code: 'forbidden', params: { method } });
      // Only the sign-in itself was written, exactly as when the same person reads whoAmI.
      expect(totalChanges(scene) - before).toBe(signInWrites.get(role));
    },
  );
});

function failedSignIns(login: string): number {
  return (
    scene.desk.db.$client
      .prepare(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'signIn.failed' AND entity_id = ?`,
      )
      .get(login) as { n: number }
  ).n;
}

/** What a refused call must leave alone: every table, and the audit trail beyond signing in and out. */
function footprint(dataDir: string) {
  const desk = openDesk({ dataDir });
  try {
    const sqlite = desk.db.$client;
    const tables = sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'outbox')
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' ORDER BY name`,
      )
      .all() as { name: string }[];
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    return {
      ...Object.fromEntries(
        tables.map(({ name }) => [name, count(`SELECT count(*) AS n FROM "${name}"`)]),
      ),
      audit: count(`SELECT count(*) AS n FROM audit_log WHERE action NOT IN ('signIn', 'signOut')`),
      outbox: count(`SELECT count(*) AS n FROM outbox WHERE name <> 'audit.append'`),
    };
  } finally {
    desk.close();
  }
}

describe('npm run cli, as a real process', () => {
  it(
    'refuses a technician an intake and a receptionist a new user, exit 1, nothing written',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDir('sportello-cli-spawned-');
      try {
        const seeded = await buildScene({}, openDesk({ dataDir }));
        await addOnePersonPerRole(seeded);
        seeded.desk.close();
        const before = footprint(dataDir);
        const npm = (args: string[]) =>
          spawnSync('npm', ['run', '--silent', 'cli', '--', '--data', dataDir, ...args], {
            cwd: repoRoot,
            encoding: 'utf8',
            env: {
              ...process.env,
              PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
              SPORTELLO_PASSWORD: rolePassword,
            },
          });
        const intake = npm([
          ...asRole('technician'),
          'call',
          'createIntake',
          JSON.stringify(intakeInput()),
        ]);
        expect(intake.status, intake.stderr).toBe(1);
        expect(JSON.parse(intake.stderr)).toEqual({
          code: 'forbidden',
          params: { method: 'createIntake' },
        });
        const user = npm([
          ...asRole('receptionist'),
          'call',
          'createUser',
          JSON.stringify({
            name: 'Eve',
            login: 'eve',
            password: 'a long password',
            roles: ['admin'],
          }),
        ]);
        expect(user.status, user.stderr).toBe(1);
        expect(JSON.parse(user.stderr)).toEqual({
          code: 'forbidden',
          params: { method: 'createUser' },
        });
        expect(footprint(dataDir)).toEqual(before);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `typed` once it is asked. */
function onTerminal(args: string[], dataDir: string, typed: string): Promise<string> {
  const command = [process.execPath, '--import', 'tsx', 'core/cli/main.ts', ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const proc = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: repoRoot,
      env: { ...process.env, SPORTELLO_DATA_DIR: dataDir },
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      const asked = out.includes('Password for');
      out += chunk.toString();
      if (!asked && out.includes('Password for')) proc.stdin.write(`${typed}\r`);
    });
    proc.on('error', reject);
    proc.on('exit', () => resolve(out));
  });
}

describe.runIf(fs.existsSync('/usr/bin/script'))('the password prompt on a terminal', () => {
  it('asks for the password and does not echo it', { timeout: 120_000 }, async () => {
    const dataDir = tempDir('sportello-cli-tty-');
    try {
      const desk = openDesk({ dataDir });
      await setUpHeadOffice(desk);
      desk.close();
      const out = await onTerminal(
        ['--user', headOffice.admin.login, 'call', 'whoAmI'],
        dataDir,
        headOffice.admin.password,
      );
      expect(out).toContain(`Password for ${headOffice.admin.login}:`);
      expect(out).toContain(`"login": "${headOffice.admin.login}"`);
      expect(out).not.toContain(headOffice.admin.password);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
