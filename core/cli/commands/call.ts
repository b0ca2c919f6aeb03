import type { CliCommand } from '../command';

const usage = `call <method> '<json>'   (or - to read the JSON from standard input)`;

export const callCommand: CliCommand = {
  name: 'call',
  summary: 'Call one contract method on the desk and print its JSON result.',
  usage,
  async run(args, env) {
    const [method, json] = args;
    if (!method || args.length > 2) {
      env.io.err(`usage: ${usage}`);
      return 2;
    }
    let source = json ?? '{}';
    if (source === '-') {
      if (!env.readStdin) {
        env.io.err('standard input is not available here');
        return 2;
      }
      source = await env.readStdin();
    }
    let input: unknown;
    try {
      input = JSON.parse(source);
    } catch (error) {
      env.io.err(`The input for ${method} is not valid JSON: ${(error as Error).message}`);
      return 2;
    }
    const result = await env.call(method, input);
    if (!result.ok) {
      env.io.err(JSON.stringify(result.error, null, 2));
      return 1;
    }
    env.io.out(JSON.stringify(result.value, null, 2));
    return 0;
  },
};
