import { spawn, type ChildProcess } from 'node:child_process';

function startScript(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Runs a bench script in its own Node process (through tsx) and returns its last JSON line. */
export async function runChild<T>(script: string, args: string[]): Promise<T> {
  const child = startScript(script, args);
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
  const child = startScript(script, args);
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
