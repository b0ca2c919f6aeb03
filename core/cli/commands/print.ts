import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '../../contract/errors';
import {
  formatFits,
  isOrderDocumentKind,
  orderDocumentFormats,
  renderOrderDocument,
  type OrderDocumentKind,
} from '../../documents/render-order-document';
import { documentResources } from '../../documents/resources';
import {
  documentLanguages,
  isDocumentLanguage,
  type DocumentLanguage,
} from '../../documents/translations';
import type { CliCommand, CliEnv } from '../command';

const kinds = Object.keys(orderDocumentFormats) as OrderDocumentKind[];

const usage = [
  `print <${kinds.join('|')}> --order NUMBER --out FILE [--format FORMAT] [--lang ${documentLanguages.join('|')}] [--training]`,
  ...kinds.map(
    (kind) =>
      `  ${kind}: --format ${orderDocumentFormats[kind].join('|')} (default ${orderDocumentFormats[kind][0]})`,
  ),
  '  --lang defaults to the site language; --training marks the printout as practice;',
  '  --resources DIR points at the fonts and legal texts (default: SPORTELLO_RESOURCES_DIR or the repository).',
].join('\n');

/** The desk's language when the site's locale is one we print in, else English. */
function siteLanguage(locale: string): DocumentLanguage {
  const language = locale.split('-')[0] ?? '';
  return isDocumentLanguage(language) ? language : 'en';
}

function fail(env: CliEnv, message: string): number {
  env.io.err(`${message}\n\nUsage: ${usage}`);
  return 2;
}

export const printCommand: CliCommand = {
  name: 'print',
  summary: 'Save an order document (intake receipt, device label, warranty slip) as a PDF file.',
  usage,
  async run(args: string[], env: CliEnv): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          order: { type: 'string' },
          format: { type: 'string' },
          lang: { type: 'string' },
          out: { type: 'string' },
          training: { type: 'boolean' },
          resources: { type: 'string' },
        },
      });
    } catch (error) {
      return fail(env, (error as Error).message);
    }
    const { positionals, values } = parsed;
    const [kind, ...extra] = positionals;
    if (!kind || !isOrderDocumentKind(kind)) {
      return fail(env, `Which document? Expected one of ${kinds.join(', ')}; got "${kind ?? ''}".`);
    }
    if (extra.length) return fail(env, `Unexpected argument "${extra[0]}".`);
    if (!values.order) return fail(env, 'Missing --order NUMBER.');
    if (!values.out) return fail(env, 'Missing --out FILE.');
    const format = values.format ?? orderDocumentFormats[kind][0];
    if (!formatFits(kind, format)) {
      return fail(
        env,
        `The ${kind} is printed on ${orderDocumentFormats[kind].join(' or ')}, not on "${format}".`,
      );
    }
    if (values.lang !== undefined && !isDocumentLanguage(values.lang)) {
      return fail(env, `Language "${values.lang}" is not one of ${documentLanguages.join(', ')}.`);
    }

    const desk = env.openDesk();
    const lang = values.lang ?? siteLanguage(desk.site.locale);
    let pdf: Buffer;
    try {
      pdf = await renderOrderDocument(desk.db, documentResources(values.resources), {
        kind,
        format,
        lang,
        orderNumber: values.order,
        ...(values.training ? { training: true } : {}),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') {
        const what =
          error.params?.entity === 'warranty_slip' ? 'No warranty slip for order' : 'No order';
        env.io.err(`${what} ${values.order} on this desk (${env.dataDir}).`);
        return 1;
      }
      throw error;
    }
    const out = path.resolve(values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, pdf);
    env.io.out(`${kind} ${values.order} (${format}, ${lang}) saved to ${out}`);
    return 0;
  },
};
