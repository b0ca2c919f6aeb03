// `npm run test:electronegativity`: scans the Electron shell (and the built renderer page, for
// its CSP) and fails on any HIGH severity finding. Lower ones are printed for review.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanWithElectronegativity } from './electronegativity-scan';

const root = path.resolve(import.meta.dirname, '..');
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-scan-'));
const builtPage = path.join(root, 'out', 'renderer', 'index.html');
try {
  fs.cpSync(path.join(root, 'electron'), path.join(stage, 'electron'), { recursive: true });
  if (fs.existsSync(builtPage)) fs.cpSync(builtPage, path.join(stage, 'renderer', 'index.html'));
  const findings = scanWithElectronegativity(stage);
  for (const f of findings) {
    console.log(`${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location} ${f.description}`);
  }
  const high = findings.filter((f) => f.severity === 'HIGH');
  const scanned = fs.existsSync(builtPage) ? 'electron/ and out/renderer/index.html' : 'electron/';
  console.log(`electronegativity: ${findings.length} findings in ${scanned}, ${high.length} HIGH`);
  if (high.length > 0) process.exitCode = 1;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
