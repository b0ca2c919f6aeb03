import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { documentMethods, printingMethods, RenderDocumentInput } from '../contract/documents';
import { DomainError } from '../contract/errors';
import { repairOrders } from '../db/schema';
import type { DomainHandlers } from '../runtime/handler-types';
import type { HandlerContext } from '../runtime/context';
import type { OrderDocumentRequest } from './render-order-document';
import { readPrinterSettings, writePrinterSettings } from './printer-settings';
import { documentResources } from './resources';
import { documentTranslator } from './translations';

type Input = z.output<typeof RenderDocumentInput>;
type TestPageInput = z.output<(typeof printingMethods)['renderTestPage']['input']>;

/** The contract's document and paper names to the builders' own. */
const builderKind = {
  intake_receipt: 'intake-receipt',
  device_label: 'label',
  warranty_slip: 'warranty-slip',
} as const;

const builderFormat = {
  '80mm': '80mm',
  a4: 'a4',
  label_62x29: '62x29',
  label_40x20: '40x20',
} as const;

const resources = documentResources();

// pdfmake and its fonts load on the first print, not when the desk starts.
async function renderDocument(ctx: HandlerContext, input: Input) {
  const order = ctx.db
    .select({ number: repairOrders.number })
    .from(repairOrders)
    .where(eq(repairOrders.id, input.orderId))
    .get();
  if (!order) throw new DomainError('not_found', { entity: 'order' });
  const request: OrderDocumentRequest = {
    kind: builderKind[input.document],
    format: builderFormat[input.format],
    orderNumber: order.number,
    lang: input.lang,
  };
  const pdf = await (
    await import('./render-order-document')
  ).renderOrderDocument(ctx.db, resources, request);
  return {
    fileName: `${order.number}-${input.document}-${input.format}.pdf`,
    pdfBase64: pdf.toString('base64'),
  };
}

async function renderTestPage(ctx: HandlerContext, input: TestPageInput) {
  const { testPageDocument } = await import('./test-page');
  const { renderPdf } = await import('./pdf-engine');
  const definition = testPageDocument(
    { site: ctx.site, printer: input.printer || null, printedAt: ctx.now() },
    documentTranslator(resources, input.lang),
    input.format,
  );
  const pdf = await renderPdf(definition, resources);
  return { fileName: `test-page-${input.format}.pdf`, pdfBase64: pdf.toString('base64') };
}

export const documentHandlers: DomainHandlers<typeof documentMethods> = {
  renderDocument,
  getPrinterSettings: (ctx) => readPrinterSettings(ctx.db),
  updatePrinterSettings: (ctx, input) => writePrinterSettings(ctx.db, input),
  renderTestPage,
};
