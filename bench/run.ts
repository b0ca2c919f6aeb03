import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { summarise, type Summary } from './stats';
import type { BenchCase, Measurement } from './types';

// `npm run bench [-- --filter <text>[,<text>…]] [--quick]`: runs bench/cases/*.ts (those whose
// file or name contains one of the texts), prints a table and
// writes bench/results/<timestamp>.json. Missed targets are reported; only a crash fails the run.

const benchDir = import.meta.dirname;
const { values } = parseArgs({
  options: { filter: { type: 'string' }, quick: { type: 'boolean', default: false } },
});

interface CaseResult {
  file: string;
  name: string;
  description: string;
  seconds: number;
  measurements: (Measurement & Summary & { samples?: undefined; cpuSamples?: undefined })[];
  error?: string;
}

function machine() {
  const sqlite = new Database(':memory:');
  const version = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  sqlite.close();
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    sqlite: version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function loadCases(): Promise<{ file: string; bench: BenchCase }[]> {
  const folder = path.join(benchDir, 'cases');
  const files = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const loaded = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(folder, file)).href)) as {
      default: BenchCase;
    };
    const bench = module.default;
    const wanted = values.filter?.split(',').filter(Boolean) ?? [];
    if (wanted.length && !wanted.some((text) => `${file} ${bench.name}`.includes(text))) continue;
    loaded.push({ file, bench });
  }
  return loaded;
}

const format = (n: number | undefined) =>
  n === undefined ? '' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);

function printTable(results: CaseResult[]): void {
  const header = [
    'case',
    'metric',
    'p50',
    'p95',
    'cpu p95',
    'max/value',
    'unit',
    'target',
    'result',
  ];
  const rows: string[][] = [];
  for (const r of results) {
    if (r.error) rows.push([r.name, 'CRASHED', '', '', '', '', '', '', 'CRASH']);
    for (const m of r.measurements) {
      rows.push([
        r.name,
        m.metric,
        format(m.p50),
        format(m.p95),
        format(m.cpuP95),
        format(m.value ?? m.max),
        m.unit,
        m.target ? `${m.target.stat} ${m.target.op} ${m.target.bound}` : '',
        m.pass === undefined ? '' : m.pass ? 'PASS' : 'FAIL',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  rows.forEach((row) => console.log(line(row)));
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const cacheDir = path.join(benchDir, '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const cases = await loadCases();
  if (cases.length === 0) {
    console.error(`no bench case matches --filter ${values.filter}`);
    return 2;
  }
  const results: CaseResult[] = [];
  for (const { file, bench } of cases) {
    console.log(`▶ ${bench.name}: ${bench.description}`);
    const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-bench-'));
    const started = performance.now();
    const result: CaseResult = {
      file,
      name: bench.name,
      description: bench.description,
      seconds: 0,
      measurements: [],
    };
    try {
      const measured = await bench.run({
        scratchDir,
        cacheDir,
        quick: values.quick,
        log: (message) => console.log(`  ${message}`),
      });
      result.measurements = measured.map(({ samples, cpuSamples, ...m }) => ({
        ...m,
        ...summarise({
          ...m,
          ...(samples ? { samples } : {}),
          ...(cpuSamples ? { cpuSamples } : {}),
        }),
      }));
    } catch (error) {
      result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`  ✖ ${bench.name} crashed:\n${result.error}`);
    } finally {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
    result.seconds = Math.round(performance.now() - started) / 1000;
    results.push(result);
  }

  printTable(results);
  const failed = results.flatMap((r) =>
    r.measurements.filter((m) => m.pass === false).map((m) => `${r.name} / ${m.metric}`),
  );
  const crashed = results.filter((r) => r.error).map((r) => r.name);
  if (failed.length) console.log(`\nTARGETS MISSED (${failed.length}):\n  ${failed.join('\n  ')}`);
  if (crashed.length) console.log(`\nCRASHED: ${crashed.join(', ')}`);

  const resultsDir = path.join(benchDir, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const report = {
    startedAt: startedAt.toISOString(),
    options: values,
    machine: machine(),
    results,
  };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  return crashed.length ? 1 : 0;
}

process.exitCode = await main();
