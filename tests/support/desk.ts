import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { CreateIntakeInput } from '../../core/contract/orders';
import { openDesk, type Desk, type DeskOptions } from '../../core/runtime/desk';

const opened: { desk: Desk; dir: string }[] = [];

afterEach(() => {
  for (const { desk, dir } of opened.splice(0)) {
    desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

export function tempDir(prefix = 'sportello-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A desk on a real SQLite file in a temp folder, closed and removed after the test. */
export function testDesk(options: Partial<DeskOptions> = {}): Desk {
  const dir = options.dataDir ?? tempDir();
  const desk = openDesk({ ...options, dataDir: dir });
  opened.push({ desk, dir });
  return desk;
}

/** An intake as a receptionist would type it; override any part. */
export function intakeInput(overrides: Partial<CreateIntakeInput> = {}): CreateIntakeInput {
  return {
    customer: { mode: 'new', name: 'Giulia Bianchi', phone: '+39 347 555 0199' },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: 'iPhone 14',
      serial: 'F2LXK1ABC',
    },
    complaint: 'Lo schermo non si accende dopo una caduta',
    ...overrides,
  };
}

export async function expectOk<T>(
  promise: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>,
): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}
