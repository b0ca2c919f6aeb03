// `npm start`: the desk in Electron where Electron can run, otherwise browser mode.
// Builds what is missing first. Arguments (e.g. `--data DIR`) are passed through.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { displayMissing, findElectronBinary } from './electron-binary';

const root = path.resolve(import.meta.dirname, '..');
const scripts: Record<string, string> =
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
const args = absoluteDataDir(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());

/** `--data ./x` means relative to where the user typed `npm start`, not the project root. */
function absoluteDataDir(argv: string[], cwd: string): string[] {
  return argv.map((arg, i) => {
    if (argv[i - 1] === '--data') return path.resolve(cwd, arg);
    if (arg.startsWith('--data=')) return `--data=${path.resolve(cwd, arg.slice(7))}`;
    return arg;
  });
}

/** Runs `npm run <script>` (through the npm that started us) and waits for it. */
function npmRun(script: string, extra: string[], options: { silent?: boolean } = {}) {
  const npmArgs = ['run', script, ...(options.silent ? ['--silent'] : []), '--', ...extra];
  const npmCli = process.env.npm_execpath;
  return npmCli && /npm-cli\.[cm]?js$/.test(npmCli)
    ? { command: process.execPath, args: [npmCli, ...npmArgs] }
    : { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: npmArgs };
}

function runToEnd(script: string): void {
  const { command, args: commandArgs } = npmRun(script, []);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function buildRendererIfMissing(): void {
  if (fs.existsSync(path.join(root, 'out', 'renderer', 'index.html'))) return;
  if (!scripts['build:renderer']) {
    console.warn('The renderer is not built and this checkout has no build:renderer script.');
    return;
  }
  runToEnd('build:renderer');
}

function buildShellIfMissing(): void {
  const built = ['out/main/index.js', 'out/preload/index.cjs'].every((file) =>
    fs.existsSync(path.join(root, file)),
  );
  if (!built) runToEnd('build:electron');
}

/**
 * Runs a long-lived child in the foreground: signals go to it, its exit code is ours. On POSIX
 * it gets its own process group, so a signal reaches the whole tree (`npm run web` starts a
 * shell that would not pass it on).
 */
function handOver(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): void {
  const ownGroup = process.platform !== 'win32';
  const child = spawn(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env,
    detached: ownGroup,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // The child is already gone; its exit handler ends this process.
      }
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = findElectronBinary(root);
const reason =
  'missing' in binary
    ? binary.missing
    : displayMissing()
      ? 'no display: DISPLAY and WAYLAND_DISPLAY are unset'
      : undefined;

if ('path' in binary && reason === undefined) {
  buildRendererIfMissing();
  buildShellIfMissing();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  handOver(binary.path, [path.join(root, 'out', 'main', 'index.js'), ...args], env);
} else {
  console.log(`Electron cannot start here (${reason}): serving browser mode instead`);
  if (!scripts.web) {
    console.error('Browser mode is not available: this checkout has no `web` npm script.');
    process.exit(1);
  }
  buildRendererIfMissing();
  const { command, args: commandArgs } = npmRun('web', args, { silent: true });
  handOver(command, commandArgs, process.env);
}
