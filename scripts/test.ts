/**
 * `npm test`: typecheck, lint, electronegativity, unit + integration (vitest), the replication
 * simulator (2 000 seeds within 180 s and at least 100: as many as the machine's cores fit;
 * `SPORTELLO_SIM_SEEDS`, `SPORTELLO_SIM_BUDGET` and `SPORTELLO_SIM_MIN` change that), browser
 * E2E in Chromium (Playwright), Electron E2E where a binary exists. Ends with one line of totals.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const scripts: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
).scripts;

const failures: string[] = [];
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(label);
  return ok;
}

function npmScript(name: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): boolean {
  if (!scripts[name]) {
    failures.push(`npm script "${name}" is missing`);
    return false;
  }
  return run(
    name,
    'npm',
    ['run', '--silent', name, ...(extra.length ? ['--', ...extra] : [])],
    env,
  );
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? 'no message').trim().split('\n')[0]!.slice(0, 300);
}

function add(counts: Counts): void {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

npmScript('typecheck');
npmScript('lint');
npmScript('test:electronegativity');
if (scripts['test:packaging']) npmScript('test:packaging');

const vitestJson = path.join(resultsDir, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
npmScript('test:unit', ['--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]);
const vitest = readJson<{
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}>(vitestJson);
// What failed, named again in the summary: CI keeps only the tail of the output.
const failedTests: string[] = [];
for (const file of vitest?.testResults ?? []) {
  const where = path.relative(process.cwd(), file.name);
  const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
  for (const test of failed)
    failedTests.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  if (file.status === 'failed' && failed.length === 0)
    failedTests.push(`${where}: ${firstLine(file.message)}`);
}
if (vitest)
  add({
    passed: vitest.numPassedTests,
    failed: vitest.numFailedTests,
    skipped: vitest.numPendingTests + vitest.numTodoTests,
  });
else failures.push('vitest wrote no results');

// The simulator: each seed is a whole world run to its checks, counted as one test.
const simJson = path.join(resultsDir, 'sim.json');
fs.rmSync(simJson, { force: true });
npmScript('sim', [
  '--seeds',
  process.env.SPORTELLO_SIM_SEEDS ?? '2000',
  '--budget',
  process.env.SPORTELLO_SIM_BUDGET ?? '180',
  '--min-seeds',
  process.env.SPORTELLO_SIM_MIN ?? '100',
  '--from',
  'random',
  '--json',
  simJson,
]);
const sim = readJson<{
  planned: number;
  budgetSeconds: number;
  workers: number;
  passed: number;
  failed: number;
  seconds: number;
  ops: number;
  failures?: { seed: number; replay: string }[];
}>(simJson);
if (sim) add({ passed: sim.passed, failed: sim.failed, skipped: 0 });
else failures.push('the simulator wrote no results');
for (const failure of sim?.failures ?? [])
  failedTests.push(`simulator seed ${failure.seed}: ${failure.replay}`);

type PlaywrightSuite = {
  title: string;
  specs?: {
    title: string;
    file: string;
    line: number;
    tests: { status: string; results?: { error?: { message?: string } }[] }[];
  }[];
  suites?: PlaywrightSuite[];
};
type PlaywrightStats = {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  suites?: PlaywrightSuite[];
};

function playwrightFailures(suites: PlaywrightSuite[] | undefined): void {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests)
        if (test.status === 'unexpected')
          failedTests.push(
            `${spec.file}:${spec.line} › ${spec.title}: ${firstLine(test.results?.at(-1)?.error?.message)}`,
          );
    playwrightFailures(suite.suites);
  }
}
function playwright(script: string, file: string): PlaywrightStats['stats'] | null {
  const out = path.join(resultsDir, file);
  fs.rmSync(out, { force: true });
  npmScript(script, ['--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const report = readJson<PlaywrightStats>(out);
  playwrightFailures(report?.suites);
  const stats = report?.stats ?? null;
  if (stats)
    add({ passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped });
  return stats;
}

const browser = playwright('test:e2e', 'e2e.json');
if (!browser) failures.push('the browser tests wrote no results');
const browserRan = browser ? browser.expected + browser.flaky + browser.unexpected : 0;
if (browserRan === 0) failures.push('no browser test ran in Chromium');
const electron = scripts['test:electron'] ? playwright('test:electron', 'electron.json') : null;

console.log('\n── Summary ──');
console.log(
  `unit + integration (vitest): ${vitest ? `${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed` : 'no results'}`,
);
console.log(
  `replication simulator: ${sim ? `${sim.passed + sim.failed} seeds × 3 desks × ${sim.ops} operations, ${sim.failed} failed, ${sim.seconds.toFixed(0)} s on ${sim.workers} worker(s)${sim.passed + sim.failed < sim.planned ? ` (of ${sim.planned} planned within ${sim.budgetSeconds} s: more cores run more)` : ''}` : 'no results'}`,
);
console.log(
  `browser E2E in Chromium: ${browser ? `${browserRan} ran, ${browser.unexpected} failed` : 'not run'}`,
);
if (electron) {
  const ran = electron.expected + electron.flaky + electron.unexpected;
  console.log(
    `Electron E2E: ${ran} ran, ${electron.skipped} skipped (no Electron binary on this machine: see above)`,
  );
}
for (const test of failedTests) console.log(`FAILED TEST: ${test}`);
for (const failure of failures) console.log(`FAILED: ${failure}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
