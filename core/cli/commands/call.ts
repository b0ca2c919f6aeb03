import type { CliCommand } from '../command';

export const callCommand: CliCommand = {
  name: 'call',
  summary: (t) => t('commands.call.summary'),
  usage: (t) => t('commands.call.usage'),
  async run(args, env) {
    const [method, json] = args;
    if (!method || args.length > 2) {
      env.io.err(env.t('usage', { usage: this.usage(env.t) }));
      return 2;
    }
    let source = json ?? '{}';
    if (source === '-') {
      if (!env.readStdin) {
        env.io.err(env.t('commands.call.noStdin'));
        return 2;
      }
      source = await env.readStdin();
    }
    let input: unknown;
    try {
      input = JSON.parse(source);
    } catch (error) {
      env.io.err(env.t('commands.call.badJson', { method, detail: (error as Error).message }));
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
