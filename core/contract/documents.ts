import { z } from 'zod';
import { Id } from './common';
import { method } from './define';
import { everyone } from './roles';

/** The documents a desk renders for an order, and the paper each one comes on. */
export const renderableDocuments = {
  intake_receipt: ['80mm', 'a4'],
  device_label: ['label_62x29', 'label_40x20'],
  warranty_slip: ['80mm', 'a4'],
} as const;

export type RenderableDocument = keyof typeof renderableDocuments;

export const documentLanguages = ['en', 'it', 'ru'] as const;

export const RenderDocumentInput = z
  .object({
    orderId: Id,
    document: z.enum(['intake_receipt', 'device_label', 'warranty_slip']),
    format: z.enum(['80mm', 'a4', 'label_62x29', 'label_40x20']),
    lang: z.enum(documentLanguages),
  })
  .refine(
    (input) => (renderableDocuments[input.document] as readonly string[]).includes(input.format),
    {
      params: { code: 'format_not_for_document' },
      path: ['format'],
    },
  );

export const documentMethods = {
  renderDocument: method({
    summary:
      "One of an order's printed documents (intake receipt, device label, warranty slip) as a PDF.",
    kind: 'query',
    input: RenderDocumentInput,
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    roles: everyone,
  }),
};
