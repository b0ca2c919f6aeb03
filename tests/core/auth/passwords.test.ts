import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  useTestHashCostInThisSimulator,
  verifySecret,
} from '../../../core/auth/passwords';

const root = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('the simulator’s cheap password hashes', () => {
  it('are production argon2id until the simulator asks, then the test cost, and still verify', async () => {
    expect(await hashSecret('una password lunga')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    useTestHashCostInThisSimulator();
    const cheap = await hashSecret('una password lunga');
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await verifySecret(cheap, 'una password lunga')).toBe(true);
    expect(await verifySecret(cheap, 'non è la password')).toBe(false);
    expect(await verifySecret(null, 'non è la password')).toBe(false);
  });

  it('are asked for by nothing a desk or the server runs: only files under tests/ call it', () => {
    const callers = ['core', 'server', 'electron', 'renderer', 'scripts', 'bench']
      .map((dir) => path.join(root, dir))
      .filter((dir) => fs.existsSync(dir))
      .flatMap(sources)
      .filter((file) => !file.endsWith(path.join('core', 'auth', 'passwords.ts')))
      .filter((file) => fs.readFileSync(file, 'utf8').includes('useTestHashCostInThisSimulator'));
    expect(callers).toEqual([]);
  });
});
