import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isKnownOfflineCrash,
  parseFindingsCsv,
  scanWithElectronegativity,
} from '../../scripts/electronegativity-scan';
import { tempDir } from '../support/desk';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('reading electronegativity’s verdict', () => {
  it('reads severities from its CSV, quoted samples with commas included', () => {
    const csv = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","bad.js","2:71","new BrowserWindow({ a: 1, b: ""x"" })","Review the use of the contextIsolation option",https://example.org/wiki',
      'CSP_GLOBAL_CHECK,"MEDIUM","CERTAIN","N/A","0:0",N/A,"No CSP has been detected",https://example.org/wiki',
    ].join('\n');
    expect(parseFindingsCsv(csv)).toEqual([
      {
        check: 'CONTEXT_ISOLATION_JS_CHECK',
        severity: 'HIGH',
        confidence: 'FIRM',
        file: 'bad.js',
        location: '2:71',
        description: 'Review the use of the contextIsolation option',
      },
      expect.objectContaining({ check: 'CSP_GLOBAL_CHECK', severity: 'MEDIUM' }),
    ]);
  });

  it('forgives only the known offline crash, not any failure', () => {
    expect(
      isKnownOfflineCrash('Error: The `onCancel` handler was attached after the promise settled.'),
    ).toBe(true);
    expect(
      isKnownOfflineCrash('RequestError: getaddrinfo ENOTFOUND raw.githubusercontent.com'),
    ).toBe(true);
    expect(isKnownOfflineCrash("SyntaxError: Unexpected token '<'")).toBe(false);
  });

  it('catches a window that gives up context isolation', () => {
    const dir = tempDir('sportello-insecure-shell-');
    folders.push(dir);
    fs.writeFileSync(
      path.join(dir, 'window.ts'),
      `import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({ webPreferences: { contextIsolation: false } });
`,
    );
    const high = scanWithElectronegativity(dir).filter((f) => f.severity === 'HIGH');
    expect(high.map((f) => f.check)).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });
});
