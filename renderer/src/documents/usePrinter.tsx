import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  DeskShell,
  PaperFormat,
  PrinterSettings,
  PrintRequest,
  RenderableDocument,
} from '../../../core/contract/documents';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';
import { isLanguage } from '../i18n';
import { PdfViewerModal, type ShownPdf } from './PdfViewer';

export type PrintFormat = PaperFormat;

function pdfBlob(base64: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: 'application/pdf' });
}

const preload = window.sportello;
const shell: DeskShell | undefined =
  preload?.printDocument && preload.listPrinters && preload.openAttachment
    ? {
        printDocument: preload.printDocument,
        listPrinters: preload.listPrinters,
        openAttachment: preload.openAttachment,
      }
    : undefined;

/** The desk app's shell calls (Electron preload, fixed for the page's life); none in browser mode. */
export function deskShell(): DeskShell | undefined {
  return shell;
}

/** The paper a document goes on when the desk prints it by itself: this PC's choice. */
export function defaultFormat(
  document: RenderableDocument,
  settings: PrinterSettings | null,
): PrintFormat {
  if (document === 'device_label') return settings?.label.paper ?? 'label_62x29';
  return settings?.receipt.paper ?? '80mm';
}

/**
 * Printing an order's documents. In the desk app main renders the PDF, sends it to this PC's
 * printer for that paper (or the system dialog) and notes it in the order's history. In
 * browser mode the desk renders the PDF, notes it as opened (not printed: whether the person
 * prints it from the viewer cannot be known), and the PDF opens in a viewer. The format defaults to this PC's paper for the document.
 */
export function usePrinter(onPrinted?: () => void) {
  const { t, i18n } = useTranslation(['documents', 'errors']);
  const [printed, setPrinted] = useState<ShownPdf | null>(null);
  const [settings, setSettings] = useState<PrinterSettings | null>(null);
  // One read per screen; a print asked before it answered (save-and-print) waits for it.
  const [loading] = useState(() =>
    api.getPrinterSettings({}).then((result) => (result.ok ? result.value : null)),
  );

  useEffect(() => {
    let live = true;
    void loading.then((value) => {
      if (live) setSettings(value);
    });
    return () => {
      live = false;
    };
  }, [loading]);

  useEffect(
    () => () => {
      if (printed) URL.revokeObjectURL(printed.url);
    },
    [printed],
  );

  const failed = useCallback(
    (error: AppError) => {
      if (error.code === 'print_cancelled') return;
      notifications.show({
        color: 'red',
        title: t('printFailed'),
        message: t([`errors:errors.${error.code}`, 'errors:errors.internal'], error.params ?? {}),
      });
    },
    [t],
  );

  /** Shows a rendered PDF in the viewer (browser mode). */
  const show = useCallback((pdf: { pdfBase64: string; fileName: string }, title: string) => {
    setPrinted({ url: URL.createObjectURL(pdfBlob(pdf.pdfBase64)), fileName: pdf.fileName, title });
  }, []);

  /** Sends a request to the desk app's printer; true when the printer took it. */
  const printInApp = useCallback(
    async (request: PrintRequest): Promise<boolean> => {
      if (!shell) return false;
      const result = await shell.printDocument(request);
      if (!result.ok) {
        failed(result.error);
        return false;
      }
      notifications.show({
        color: 'green',
        message: result.value.printer
          ? t('sentTo', { printer: result.value.printer })
          : t('sentToDialog'),
      });
      return true;
    },
    [failed, t],
  );

  const print = useCallback(
    async (orderId: string, document: RenderableDocument, format?: PrintFormat) => {
      const lang = isLanguage(i18n.language) ? i18n.language : 'en';
      const paper = format ?? defaultFormat(document, settings ?? (await loading));
      if (deskShell()) {
        if (await printInApp({ kind: 'order', orderId, document, format: paper, lang }))
          onPrinted?.();
        return;
      }
      const rendered = await api.renderDocument({ orderId, document, format: paper, lang });
      if (!rendered.ok) return failed(rendered.error);
      await api.recordPrint({
        orderId,
        document,
        format: paper,
        language: lang,
        output: 'viewer',
      });
      show(rendered.value, t(`document.${document}`));
      onPrinted?.();
    },
    [i18n.language, settings, loading, printInApp, failed, show, t, onPrinted],
  );

  /** A test page for one paper: printed in the desk app, opened as a PDF in browser mode. */
  const printTestPage = useCallback(
    async (format: PrintFormat, printer?: string) => {
      const lang = isLanguage(i18n.language) ? i18n.language : 'en';
      if (deskShell()) {
        await printInApp({ kind: 'test', format, lang });
        return;
      }
      const rendered = await api.renderTestPage({ format, lang, ...(printer ? { printer } : {}) });
      if (!rendered.ok) return failed(rendered.error);
      show(rendered.value, t('testPage'));
    },
    [i18n.language, printInApp, failed, show, t],
  );

  const viewer = <PdfViewerModal pdf={printed} onClose={() => setPrinted(null)} />;
  return { print, printTestPage, viewer, settings };
}
