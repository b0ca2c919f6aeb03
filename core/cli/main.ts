import { text } from 'node:stream/consumers';
import { runCli } from './run-cli';
import { readSecretFromTerminal } from './terminal-secret';

// `npm run cli -- …`: the same contract and handlers as the desk, from a terminal.
process.exitCode = await runCli(process.argv.slice(2), {
  io: {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  readStdin: () => text(process.stdin),
  environment: process.env,
  ...(process.stdin.isTTY ? { readSecret: readSecretFromTerminal } : {}),
});
