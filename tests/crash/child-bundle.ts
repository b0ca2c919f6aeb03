import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleForNode } from '../../scripts/node-bundle';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from '../support/desk';
import { startTestServer, type TestServer } from '../support/sync-server';

/**
 * Bundles a crash child once, so each of the many restarts costs a plain `node` start, not a
 * TypeScript loader. Returns the bundle's path; remove its folder when done.
 */
export async function bundleChild(entry: string): Promise<string> {
  const out = path.join(tempDir('sportello-crash-child-'), `${path.basename(entry, '.ts')}.mjs`);
  await bundleForNode(entry, out);
  fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(out), 'node_modules'));
  return out;
}

/** A test file's crash child, bundled before its tests, and the PGlite server it may sync with. */
export interface CrashSetup {
  readonly child: string;
  readonly server: TestServer;
}

/**
 * Bundles `entry` before the file's tests (and with `server`, starts a PGlite test server), and
 * removes the bundle (and closes the server) after them.
 */
export function crashChildSetup(entry: string, options: { server?: boolean } = {}): CrashSetup {
  let child: string | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    child = await bundleChild(entry);
    if (options.server) server = await startTestServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (child) fs.rmSync(path.dirname(child), { recursive: true, force: true });
  });
  return {
    get child() {
      if (!child) throw new Error('the crash child is bundled in beforeAll');
      return child;
    },
    get server() {
      if (!server) throw new Error('no test server: ask crashChildSetup for one');
      return server;
    },
  };
}

/** What a crash child printed, and whether the kill ended it rather than the child itself. */
export interface ChildRun {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

/**
 * Runs a bundled crash child and kills it with SIGKILL `afterMs` after it prints `ready`, or
 * after it has printed `after.line` `after.count` times (a moment tied to the child's progress,
 * so a faster machine does not finish the work before the kill). A child that ends by itself
 * before then is reported as it ended (`killed` false).
 */
export function runAndKill(
  child: string,
  args: string[],
  afterMs: number,
  after: { line: string; count: number } = { line: 'ready', count: 1 },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let armed = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const seen = out.split('\n').filter((line) => line === after.line).length;
      if (!armed && seen >= after.count) {
        armed = true;
        setTimeout(() => proc.kill('SIGKILL'), afterMs);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) =>
      resolve({
        lines: out.split('\n').filter(Boolean),
        killed: signal === 'SIGKILL',
        code,
        stderr,
      }),
    );
  });
}
