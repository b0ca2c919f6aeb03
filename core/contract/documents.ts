import { z } from 'zod';
import { Id } from './common';
import { method } from './define';
import type { Result } from './errors';
import { counterStaff, everyone } from './roles';

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

export const printFormatNames = ['80mm', 'a4', 'label_62x29', 'label_40x20'] as const;
export type PaperFormat = (typeof printFormatNames)[number];

/**
 * The three printers a counter PC may have. Each paper goes to one of them: the 80 mm roll to
 * the receipt printer, labels to the label printer, A4 to the office printer.
 */
export const printerSlots = ['receipt', 'label', 'a4'] as const;
export type PrinterSlot = (typeof printerSlots)[number];

export function printerSlotFor(format: PaperFormat): PrinterSlot {
  if (format === '80mm') return 'receipt';
  if (format === 'a4') return 'a4';
  return 'label';
}

/** The system's name of a printer (as `getPrintersAsync` gives it); null: ask every time. */
const PrinterName = z.string().trim().min(1).max(200).nullable();

/**
 * This PC's printers. Kept in the desk's local settings (one desk database per PC), never
 * replicated: another PC has other printers. `paper` is what the desk prints on by itself
 * (the receipt after an intake, the device label); any paper can still be chosen by hand.
 */
export const PrinterSettings = z.object({
  receipt: z.object({ printer: PrinterName, paper: z.enum(['80mm', 'a4']) }),
  label: z.object({ printer: PrinterName, paper: z.enum(['label_62x29', 'label_40x20']) }),
  a4: z.object({ printer: PrinterName }),
});
export type PrinterSettings = z.infer<typeof PrinterSettings>;

export const defaultPrinterSettings: PrinterSettings = {
  receipt: { printer: null, paper: '80mm' },
  label: { printer: null, paper: 'label_62x29' },
  a4: { printer: null },
};

/** A PDF the desk rendered, ready to print, open or save. */
export const RenderedPdf = z.object({ fileName: z.string(), pdfBase64: z.string() });

export const printingMethods = {
  getPrinterSettings: method({
    summary: "This PC's printers and papers for receipts, labels and A4 (local to this desk).",
    kind: 'query',
    input: z.object({}).default({}),
    output: PrinterSettings,
    roles: everyone,
  }),
  updatePrinterSettings: method({
    summary: "Choose this PC's printer and paper for receipts, labels and A4.",
    kind: 'mutation',
    input: PrinterSettings,
    output: PrinterSettings,
    roles: counterStaff,
  }),
  renderTestPage: method({
    summary: 'A test page for one paper (edges, text in every language, barcodes) as a PDF.',
    kind: 'query',
    input: z.object({
      format: z.enum(printFormatNames),
      lang: z.enum(documentLanguages),
      /** The printer it is meant for, printed on the page so the sheet says where it came from. */
      printer: z.string().trim().max(200).optional(),
    }),
    output: RenderedPdf,
    roles: everyone,
  }),
};

export const documentMethods = {
  renderDocument: method({
    summary:
      "One of an order's printed documents (intake receipt, device label, warranty slip) as a PDF.",
    kind: 'query',
    input: RenderDocumentInput,
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    roles: everyone,
  }),
  ...printingMethods,
};

/**
 * Printing through the Electron shell (not contract methods: browser mode has no printers).
 * The renderer names the document; main renders it, prints it and notes it in the history.
 */
export const PrintRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('order'),
    orderId: Id,
    document: z.enum(['intake_receipt', 'device_label', 'warranty_slip']),
    format: z.enum(printFormatNames),
    lang: z.enum(documentLanguages),
    copies: z.int().min(1).max(20).default(1),
  }),
  z.object({
    kind: z.literal('test'),
    format: z.enum(printFormatNames),
    lang: z.enum(documentLanguages),
  }),
]);
export type PrintRequest = z.input<typeof PrintRequest>;

/** A printer as the shell lists it. */
export interface PrinterChoice {
  name: string;
  displayName: string;
}

export interface PrintOutcome {
  /** The printer it went to; null when the system dialog let the person choose. */
  printer: string | null;
  silent: boolean;
}

/** What the Electron preload adds to `window.sportello` beside the contract methods. */
export interface DeskShell {
  listPrinters(input?: unknown): Promise<Result<PrinterChoice[]>>;
  printDocument(input: PrintRequest): Promise<Result<PrintOutcome>>;
  /** Shows an order's PDF document in a viewer window of its own (the page cannot frame it). */
  openAttachment(input: OpenAttachmentRequest): Promise<Result<null>>;
}

/** Which attachment the desk app should show: main reads it as the window's person. */
export const OpenAttachmentRequest = z.object({ id: Id });
export type OpenAttachmentRequest = z.input<typeof OpenAttachmentRequest>;
