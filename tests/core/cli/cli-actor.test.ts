import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/run-cli';
import { contract, type MethodName } from '../../../core/contract';
import { tempDir } from '../../support/desk';
import { headOffice } from '../../support/people';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { io: { out: (t) => out.push(t), err: (t) => err.push(t) } });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('who the command line acts as', () => {
  it('says in --help that there is no --user and who acts instead', async () => {
    const help = await cli(['--help']);
    expect(help.stdout).toMatch(/There is no --user: the CLI acts as the desk's local system user/);
  });

  it("after setup it acts as the desk's local system user, which holds every role", async () => {
    const data = tempDir();
    dirs.push(data);
    const setUp = await cli([
      '--data',
      data,
      'call',
      'setUpHeadOffice',
      JSON.stringify(headOffice),
    ]);
    expect(setUp.code).toBe(0);
    const me = await cli(['--data', data, 'call', 'whoAmI']);
    expect(me.code).toBe(0);
    const user = (JSON.parse(me.stdout) as { user: { login: string; roles: string[] } }).user;
    expect(user.login).toBe('system.hq01');
    // Holding every role, it is refused nothing the contract reserves to a role: the role
    // refusals are shown for the hosts that serve people (HTTP, IPC) and for dispatch itself.
    for (const method of Object.keys(contract) as MethodName[]) {
      if (contract[method].public) continue;
      expect(
        contract[method].roles.some((role) => user.roles.includes(role)),
        method,
      ).toBe(true);
    }
  });

  it('its writes still go through the contract: bad input is refused with the typed error', async () => {
    const data = tempDir();
    dirs.push(data);
    const refused = await cli(['--data', data, 'call', 'createUser', JSON.stringify({ name: '' })]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ code: 'validation' });
  });
});
