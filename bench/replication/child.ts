import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { bundleForNode } from '../../scripts/node-bundle';

export interface ChildOptions {
  /** Node/V8 flags for the child (e.g. the desk's `deskV8Flags`). */
  nodeFlags?: readonly string[];
  /**
   * Run an esbuild bundle of the script instead of the script under tsx: a shipped desk loads
   * one bundle, and tsx's loader and compile caches would otherwise count in the child's memory.
   */
  bundle?: boolean;
}

/** Bundles a script the way the desk's main process is bundled (native modules left out). */
async function bundled(script: string): Promise<string> {
  // Inside the project (where the native modules left out resolve), out of the linter's way.
  const outfile = path.join(
    import.meta.dirname,
    '../../node_modules/.cache/sportello-bench',
    `${path.basename(script, '.ts')}.mjs`,
  );
  await bundleForNode(script, outfile);
  return outfile;
}

async function startScript(
  script: string,
  args: string[],
  options: ChildOptions = {},
): Promise<ChildProcess> {
  const entry = options.bundle ? [await bundled(script)] : ['--import', 'tsx', script];
  return spawn(process.execPath, [...(options.nodeFlags ?? []), ...entry, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Runs a bench script in its own Node process and returns its last JSON line. */
export async function runChild<T>(
  script: string,
  args: string[],
  options: ChildOptions = {},
): Promise<T> {
  const child = await startScript(script, args, options);
  child.stdin!.end();
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${script} exited ${code}: ${out}`);
  return JSON.parse(last) as T;
}

/**
 * Starts a bench script that keeps serving after it prints its first JSON line; `stop` closes
 * its stdin, which is its signal to exit.
 */
export async function startChild<T>(
  script: string,
  args: string[],
): Promise<{ first: T; stop(): Promise<void> }> {
  const child = await startScript(script, args);
  child.stdout!.setEncoding('utf8');
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const first = await new Promise<T>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as T);
    });
    void closed.then((code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
  return {
    first,
    async stop() {
      child.stdin!.end();
      await closed;
    },
  };
}
