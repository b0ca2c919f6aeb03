import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  description: string;
}

/** Splits one CSV line as electronegativity writes it: fields optionally in double quotes. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}

/** Reads electronegativity's CSV report (`-o file.csv`). */
export function parseFindingsCsv(csv: string): Finding[] {
  const [header, ...rows] = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (!header?.startsWith('issue,')) throw new Error('not an electronegativity CSV report');
  return rows.map((row) => {
    const [
      check = '',
      severity = '',
      confidence = '',
      file = '',
      location = '',
      ,
      description = '',
    ] = csvFields(row);
    return { check, severity, confidence, file, location, description };
  });
}

/**
 * Electronegativity 1.10.3 always tries to download translations and security-fix data after
 * the scan; offline, that ends in one of these errors. Only these are forgiven.
 */
const offlineCrashes = [
  /The `onCancel` handler was attached after the promise settled/,
  /getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/,
];

export function isKnownOfflineCrash(stderr: string): boolean {
  return offlineCrashes.some((pattern) => pattern.test(stderr));
}

const cli = path.resolve(
  import.meta.dirname,
  '..',
  'node_modules',
  '@doyensec',
  'electronegativity',
  'dist',
  'index.js',
);

/** Runs electronegativity over a folder for Electron 45 and returns what it found. */
export function scanWithElectronegativity(input: string): Finding[] {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-electronegativity-'));
  const report = path.join(reportDir, 'findings.csv');
  try {
    const run = spawnSync(
      process.execPath,
      [
        cli,
        '-i',
        input,
        '-x',
        'AvailableSecurityFixesGlobalCheck',
        '-e',
        '45.5.0',
        '-r',
        '-o',
        report,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (!fs.existsSync(report)) {
      throw new Error(`electronegativity wrote no report:\n${run.stderr || run.stdout}`);
    }
    if (run.status !== 0 && !isKnownOfflineCrash(run.stderr)) {
      throw new Error(`electronegativity failed (exit ${run.status}):\n${run.stderr}`);
    }
    return parseFindingsCsv(fs.readFileSync(report, 'utf8'));
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}
