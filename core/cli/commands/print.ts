import fs from 'node:fs';
import path from 'node:path';
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
import { parseOptions } from '../parse-options';
import type { CliCommand, CliEnv } from '../command';
import type { CliT } from '../i18n';

const kinds = Object.keys(orderDocumentFormats) as OrderDocumentKind[];

function usage(t: CliT): string {
  return [
    t('commands.print.usage', {
      kinds: kinds.join('|'),
      languages: documentLanguages.join('|'),
    }),
    ...kinds.map((kind) =>
      t('commands.print.formats', {
        kind,
        formats: orderDocumentFormats[kind].join('|'),
        default: orderDocumentFormats[kind][0],
      }),
    ),
    t('commands.print.options'),
  ].join('\n');
}

/** The desk's language when the site's locale is one we print in, else English. */
function siteLanguage(locale: string): DocumentLanguage {
  const language = locale.split('-')[0] ?? '';
  return isDocumentLanguage(language) ? language : 'en';
}

function fail(env: CliEnv, message: string): number {
  env.io.err(`${message}\n\n${env.t('usage', { usage: usage(env.t) })}`);
  return 2;
}

export const printCommand: CliCommand = {
  name: 'print',
  summary: (t) => t('commands.print.summary'),
  usage,
  async run(args: string[], env: CliEnv): Promise<number> {
    const { t } = env;
    const options = parseOptions(
      {
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
      },
      t,
    );
    if (!options.ok) return fail(env, options.message);
    const parsed = options.parsed;
    const { positionals, values } = parsed;
    const [kind, ...extra] = positionals;
    if (!kind || !isOrderDocumentKind(kind)) {
      return fail(
        env,
        t('commands.print.whichDocument', { kinds: kinds.join(', '), kind: kind ?? '' }),
      );
    }
    if (extra.length) return fail(env, t('commands.print.unexpected', { argument: extra[0] }));
    if (!values.order) return fail(env, t('commands.print.missingOrder'));
    if (!values.out) return fail(env, t('commands.print.missingOut'));
    const format = values.format ?? orderDocumentFormats[kind][0];
    if (!formatFits(kind, format)) {
      return fail(
        env,
        t('commands.print.wrongFormat', {
          kind,
          formats: orderDocumentFormats[kind].join(t('commands.print.or')),
          format,
        }),
      );
    }
    if (values.lang !== undefined && !isDocumentLanguage(values.lang)) {
      return fail(
        env,
        t('commands.print.wrongLanguage', {
          lang: values.lang,
          languages: documentLanguages.join(', '),
        }),
      );
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
          error.params?.entity === 'warranty_slip'
            ? 'commands.print.noWarrantySlip'
            : 'commands.print.noOrder';
        env.io.err(t(what, { order: values.order, dataDir: env.dataDir }));
        return 1;
      }
      throw error;
    }
    const out = path.resolve(values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, pdf);
    env.io.out(t('commands.print.saved', { kind, order: values.order, format, lang, file: out }));
    return 0;
  },
};
