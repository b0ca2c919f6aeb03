import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../core/contract';
import { runCli } from '../../../core/cli/run-cli';
import { openDesk } from '../../../core/runtime/desk';
import { intakeInput, tempDir as makeTempDir } from '../../support/desk';
import { headOffice, setUpHeadOffice } from '../../support/people';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

const dataDirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir();
  dataDirs.push(dir);
  return dir;
};

/** A desk set up with its head-office admin, who then works from the command line. */
async function setUpDesk(): Promise<string> {
  const dir = tempDir();
  const desk = openDesk({ dataDir: dir });
  await setUpHeadOffice(desk);
  desk.close();
  return dir;
}
const asAdmin = ['--user', headOffice.admin.login];
const adminPassword = { SPORTELLO_PASSWORD: headOffice.admin.password };
afterEach(() => {
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in this process, as `npm run cli -- …` would, and captures what it prints. */
async function cli(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    environment: adminPassword,
    ...(stdin !== undefined ? { readStdin: () => Promise.resolve(stdin) } : {}),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('the command line', () => {
  it('prints the whole contract as JSON Schema, one entry per method', async () => {
    const { code, stdout } = await cli(['methods']);
    expect(code).toBe(0);
    const methods = JSON.parse(stdout) as Record<
      string,
      { summary: string; kind: string; roles: string[]; input: { type?: string }; output: object }
    >;
    expect(Object.keys(methods).sort()).toEqual(Object.keys(contract).sort());
    for (const [name, entry] of Object.entries(methods)) {
      expect(entry.summary, name).toBe(contract[name as keyof typeof contract].summary);
      expect(['query', 'mutation']).toContain(entry.kind);
      expect(entry.roles.length, name).toBeGreaterThan(0);
      expect(entry.input, name).toHaveProperty('$schema');
      expect(entry.output, name).toHaveProperty('$schema');
    }
    // Inputs are described as a caller writes them: fields with defaults are optional.
    const intake = methods.createIntake!.input as { required: string[] };
    expect(intake.required).toEqual(expect.arrayContaining(['customer', 'device', 'complaint']));
    expect(intake.required).not.toContain('warrantyBasis');
  });

  it('takes an intake, then finds it by number, with exit code 0', async () => {
    const data = await setUpDesk();
    const created = await cli([
      '--data',
      data,
      ...asAdmin,
      'call',
      'createIntake',
      JSON.stringify(intakeInput()),
    ]);
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as { number: string; status: string };
    expect(order.status).toBe('received');

    const found = await cli(
      ['call', 'getOrder', '-', '--data', data, ...asAdmin],
      JSON.stringify({ number: order.number }),
    );
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      number: order.number,
      customerName: 'Giulia Bianchi',
    });
  });

  it('prints the typed error on stderr and exits 1 when the desk refuses the input', async () => {
    const data = await setUpDesk();
    const refused = await cli([
      '--data',
      data,
      ...asAdmin,
      'call',
      'createIntake',
      JSON.stringify(intakeInput({ customer: { mode: 'new', name: '', phone: '123' } })),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    const error = JSON.parse(refused.stderr) as { code: string; issues: { path: string }[] };
    expect(error.code).toBe('validation');
    expect(error.issues.map((i) => i.path)).toContain('customer.name');

    const unknown = await cli(['--data', data, 'call', 'launchRocket', '{}']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ code: 'unknown_method' });
  });

  it('exits 2 with a clear message when the argument is not JSON or the command is unknown', async () => {
    const data = tempDir();
    const broken = await cli(['--data', data, 'call', 'listOrders', '{search:']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);

    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);

    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/methods[\s\S]*call[\s\S]*seed/);
  });

  it(
    'runs as a real process: call from a shell, JSON in on stdin, result out on stdout',
    { timeout: 90_000 },
    async () => {
      const data = await setUpDesk();
      const run = (args: string[], input?: string) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'core/cli/main.ts', ...asAdmin, ...args], {
          cwd: repoRoot,
          input,
          encoding: 'utf8',
          env: { ...process.env, SPORTELLO_DATA_DIR: data, SPORTELLO_LANG: 'en', ...adminPassword },
        });
      const created = run(['call', 'createIntake', '-'], JSON.stringify(intakeInput()));
      expect(created.stderr).toBe('');
      expect(created.status).toBe(0);
      const order = JSON.parse(created.stdout) as { number: string };

      const listed = run([
        'call',
        'listOrders',
        JSON.stringify({ search: order.number.slice(-6) }),
      ]);
      expect(listed.status).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject({
        total: 1,
        items: [{ number: order.number }],
      });

      const refused = run(['call', 'getOrder', JSON.stringify({ number: 'HQ01-1999-000001' })]);
      expect(refused.status).toBe(1);
      expect(JSON.parse(refused.stderr)).toMatchObject({ code: 'not_found' });
    },
  );
});
