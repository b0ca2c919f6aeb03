import { parseOptions } from '../parse-options';
import { seedDemoData } from '../../seed/demo-data';
import { seedLanguages, type SeedLanguage } from '../../seed/people';
import type { CliCommand } from '../command';

/** `it,ru,en` (equal shares) or `it=6,ru=2,en=2`. */
export function parseLocaleMix(text: string): Partial<Record<SeedLanguage, number>> | null {
  const weights: Partial<Record<SeedLanguage, number>> = {};
  for (const part of text.split(',')) {
    const [language, weight = '1'] = part.trim().split('=');
    const share = Number(weight);
    if (!seedLanguages.includes(language as SeedLanguage) || !(share > 0)) return null;
    weights[language as SeedLanguage] = share;
  }
  return Object.keys(weights).length > 0 ? weights : null;
}

export const seedCommand: CliCommand = {
  name: 'seed',
  summary: (t) => t('commands.seed.summary'),
  usage: (t) => t('commands.seed.usage'),
  run(args, env) {
    const { t } = env;
    const usage = t('usage', { usage: this.usage(t) });
    const options = parseOptions(
      {
        args,
        options: {
          orders: { type: 'string' },
          seed: { type: 'string', default: 'sportello' },
          'locale-mix': { type: 'string', default: 'it=6,ru=2,en=2' },
          now: { type: 'string' },
          outbox: { type: 'boolean', default: false },
        },
      },
      t,
    );
    if (!options.ok) {
      env.io.err(`${options.message}\n${usage}`);
      return Promise.resolve(2);
    }
    const { values } = options.parsed;
    const orders = Number(values.orders);
    const languageWeights = parseLocaleMix(values['locale-mix']);
    const now = values.now ? Date.parse(values.now) : Date.now();
    if (!Number.isInteger(orders) || orders < 1 || orders > 5_000_000) {
      env.io.err(`${t('commands.seed.badOrders')}\n${usage}`);
      return Promise.resolve(2);
    }
    if (!languageWeights) {
      env.io.err(t('commands.seed.badLocaleMix', { languages: seedLanguages.join(', ') }));
      return Promise.resolve(2);
    }
    if (Number.isNaN(now)) {
      env.io.err(t('commands.seed.badNow'));
      return Promise.resolve(2);
    }

    const desk = env.openDesk();
    let lastReport = 0;
    const summary = seedDemoData(desk, {
      orders,
      seed: values.seed,
      languageWeights,
      now,
      outbox: values.outbox,
      onProgress(done, total) {
        if (total < 10_000 || (done - lastReport < 10_000 && done < total)) return;
        lastReport = done;
        env.io.err(t('commands.seed.progress', { done, total }));
      },
    });
    env.io.out(JSON.stringify({ dataDir: env.dataDir, ...summary }, null, 2));
    return Promise.resolve(0);
  },
};
