import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Db } from '../db/open';
import { deviceLabelDocument } from './device-label';
import { loadDeviceLabel } from './device-label-loader';
import { intakeReceiptDocument } from './intake-receipt';
import { loadIntakeReceipt } from './intake-receipt-loader';
import type { DocumentOptions } from './order-sources';
import { renderPdf } from './pdf-engine';
import type { DocumentResources } from './resources';
import { documentTranslator } from './translations';
import { warrantySlipDocument } from './warranty-slip';
import { loadWarrantySlip } from './warranty-slip-loader';

/** The paper each printed document of an order comes on. */
export const orderDocumentFormats = {
  'intake-receipt': ['80mm', 'a4'],
  label: ['62x29', '40x20'],
  'warranty-slip': ['80mm', 'a4'],
} as const;

export type OrderDocumentKind = keyof typeof orderDocumentFormats;
export type OrderDocumentFormat<K extends OrderDocumentKind = OrderDocumentKind> =
  (typeof orderDocumentFormats)[K][number];

export interface OrderDocumentRequest extends DocumentOptions {
  kind: OrderDocumentKind;
  format: OrderDocumentFormat;
  orderNumber: string;
}

export function isOrderDocumentKind(value: string): value is OrderDocumentKind {
  return Object.hasOwn(orderDocumentFormats, value);
}

export function formatFits(kind: OrderDocumentKind, format: string): format is OrderDocumentFormat {
  return (orderDocumentFormats[kind] as readonly string[]).includes(format);
}

/** Reads the order's data and builds the pdfmake definition of the requested document. */
export function orderDocumentDefinition(
  db: Db,
  resources: DocumentResources,
  request: OrderDocumentRequest,
): TDocumentDefinitions {
  const t = documentTranslator(resources, request.lang);
  const { kind, format, orderNumber } = request;
  if (!formatFits(kind, format)) throw new Error(`${kind} is not printed on ${format}`);
  switch (kind) {
    case 'intake-receipt':
      return intakeReceiptDocument(
        loadIntakeReceipt(db, resources, orderNumber, request),
        t,
        format as OrderDocumentFormat<'intake-receipt'>,
      );
    case 'label':
      return deviceLabelDocument(
        loadDeviceLabel(db, orderNumber, request),
        t,
        format as OrderDocumentFormat<'label'>,
      );
    case 'warranty-slip':
      return warrantySlipDocument(
        loadWarrantySlip(db, resources, orderNumber, request),
        t,
        format as OrderDocumentFormat<'warranty-slip'>,
      );
  }
}

/** One printed document of an order, as PDF bytes; an unknown order rejects with `not_found`. */
export async function renderOrderDocument(
  db: Db,
  resources: DocumentResources,
  request: OrderDocumentRequest,
): Promise<Buffer> {
  return renderPdf(orderDocumentDefinition(db, resources, request), resources);
}
