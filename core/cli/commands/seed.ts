import { parseArgs } from 'node:util';
import { seedDemoData } from '../../seed/demo-data';
import { seedLanguages, type SeedLanguage } from '../../seed/people';
import type { CliCommand } from '../command';

const usage = `seed --orders N [--seed S] [--locale-mix it=6,ru=2,en=2] [--now ISO-DATE] [--outbox]

  Fills the desk with a year of demo orders (customers, devices, complaints in Italian,
  Russian and English; statuses following the workflow). The same --seed and --now give
  the same data. Demo orders are NOT queued for replication unless --outbox is given.`;

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
  summary: 'Fill the desk with realistic demo orders (it/ru/en) spread over a year.',
  usage,
  run(args, env) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          orders: { type: 'string' },
          seed: { type: 'string', default: 'sportello' },
          'locale-mix': { type: 'string', default: 'it=6,ru=2,en=2' },
          now: { type: 'string' },
          outbox: { type: 'boolean', default: false },
        },
      }));
    } catch (error) {
      env.io.err(`${(error as Error).message}\nusage: ${usage}`);
      return Promise.resolve(2);
    }
    const orders = Number(values.orders);
    const languageWeights = parseLocaleMix(values['locale-mix']);
    const now = values.now ? Date.parse(values.now) : Date.now();
    if (!Number.isInteger(orders) || orders < 1 || orders > 5_000_000) {
      env.io.err(`--orders needs a whole number from 1 to 5 000 000\nusage: ${usage}`);
      return Promise.resolve(2);
    }
    if (!languageWeights) {
      env.io.err(
        `--locale-mix takes languages from ${seedLanguages.join(', ')}, e.g. it=6,ru=2,en=2`,
      );
      return Promise.resolve(2);
    }
    if (Number.isNaN(now)) {
      env.io.err('--now needs an ISO date or date-time, e.g. 2026-11-26T18:00:00Z');
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
        env.io.err(`seeded ${done} of ${total} orders`);
      },
    });
    env.io.out(JSON.stringify({ dataDir: env.dataDir, ...summary }, null, 2));
    return Promise.resolve(0);
  },
};
