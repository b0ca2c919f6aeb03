import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run sim` itself: seeds handed to worker processes, each replaced after `--recycle` seeds,
// and a worker that dies inside a seed (not a simulated crash: the process) fails that seed
// with the command that replays it, while the run goes on to the end.

const root = path.resolve(import.meta.dirname, '../..');

function sim(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tests/sim/main.ts', ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 240_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run sim', () => {
  it('replaces its workers as it goes, and a worker that dies fails only its seed, with the replay command', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sim-runner-'));
    try {
      const json = path.join(dir, 'sim.json');
      const run = await sim(
        ['--seeds', '4', '--from', '11', '--ops', '20', '--recycle', '1', '--json', json],
        { SPORTELLO_SIM_DIE_AT: '13' },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('seed 13 FAILED: the worker process died (SIGKILL)');
      expect(run.stdout).toContain('FAILED seed 13: npm run sim -- --seed 13 --ops 20');
      expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({
        from: 11,
        seeds: 4,
        passed: 3,
        failed: 1,
        failures: [{ seed: 13 }],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('stopped at a deadline, names the seeds it left unfinished and where the next leg resumes', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/sim/main.ts',
        '--seeds',
        '1000',
        '--from',
        '50',
        '--ops',
        '20',
        '--workers',
        '2',
        '--progress',
        '1',
      ],
      { cwd: root },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Stopped once a few seeds have run (with --progress 1 each one prints a line).
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const started = Date.now();
    while (!/^INTERRUPTED/m.test(stdout) && Date.now() - started < 200_000) {
      if ((stdout.match(/ seeds, \d+ failed/g) ?? []).length >= 3) child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await exited).toBe(1);
    const ran = Number(/^INTERRUPTED after (\d+) seeds/m.exec(stdout)![1]);
    const resume = Number(/resume with --from (\d+)$/m.exec(stdout)![1]);
    // Every seed before `resume` ran; at most one more (the other worker's) finished after it.
    expect(ran).toBeGreaterThanOrEqual(3);
    expect(resume - 50).toBeLessThanOrEqual(ran);
    expect(resume - 50).toBeGreaterThanOrEqual(ran - 1);
    expect(stdout).toMatch(
      new RegExp(`^unfinished: .*every seed from 50 to ${resume - 1} ran`, 'm'),
    );
  }, 300_000);

  it('with a budget, starts no seed that would end after it, yet runs the minimum, and passes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sim-budget-'));
    try {
      const json = path.join(dir, 'sim.json');
      const common = ['--from', '200', '--ops', '20', '--workers', '2', '--json', json];
      const read = () =>
        JSON.parse(fs.readFileSync(json, 'utf8')) as {
          seeds: number;
          planned: number;
          passed: number;
          seconds: number;
        };

      // 1 s is gone before the workers have their PGlite up: only the minimum runs.
      const minimum = await sim([
        '--seeds',
        '1000',
        '--budget',
        '1',
        '--min-seeds',
        '3',
        ...common,
      ]);
      expect(minimum.code).toBe(0);
      expect(read()).toMatchObject({ seeds: 3, planned: 1000, passed: 3 });
      expect(minimum.stdout).toContain('the 1 s budget ended the run after 3 of 1000 seeds');
      expect(minimum.stdout).toContain('resume with --from 203');

      // Long enough that seeds fit after the workers' start-up, which takes ~7 s on an idle
      // 2-core machine and over 10 s under the rest of the test suite's load.
      const budgeted = await sim(['--seeds', '1000', '--budget', '25', ...common]);
      expect(budgeted.code).toBe(0);
      const result = read();
      expect(result.seeds).toBeGreaterThan(3);
      expect(result.seeds).toBeLessThan(1000);
      expect(result.passed).toBe(result.seeds);
      // Ended within the budget, give or take the last seed running over its mean.
      expect(result.seconds).toBeLessThan(25 + 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
