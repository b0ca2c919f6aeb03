import { Anchor, Group, Stack } from '@mantine/core';
import { DialogModal } from '../components/DialogModal';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderableDocument } from '../../../core/contract/documents';
import { api } from '../api';
import { isLanguage } from '../i18n';

export type PrintFormat = '80mm' | 'a4' | 'label_62x29' | 'label_40x20';

interface Printed {
  url: string;
  fileName: string;
  title: string;
}

function pdfBlob(base64: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: 'application/pdf' });
}

/**
 * Browser-mode printing: the desk renders the PDF, the print is noted in the order's history,
 * and the document opens in a viewer from which the browser prints it.
 */
export function usePrinter(onPrinted?: () => void) {
  const { t, i18n } = useTranslation(['documents', 'errors']);
  const [printed, setPrinted] = useState<Printed | null>(null);

  useEffect(
    () => () => {
      if (printed) URL.revokeObjectURL(printed.url);
    },
    [printed],
  );

  const print = useCallback(
    async (orderId: string, document: RenderableDocument, format: PrintFormat) => {
      const lang = isLanguage(i18n.language) ? i18n.language : 'en';
      const rendered = await api.renderDocument({ orderId, document, format, lang });
      if (!rendered.ok) {
        notifications.show({
          color: 'red',
          title: t('printFailed'),
          message: t([`errors:errors.${rendered.error.code}`, 'errors:errors.internal']),
        });
        return;
      }
      await api.recordPrint({ orderId, document, format, language: lang });
      setPrinted({
        url: URL.createObjectURL(pdfBlob(rendered.value.pdfBase64)),
        fileName: rendered.value.fileName,
        title: t(`document.${document}`),
      });
      onPrinted?.();
    },
    [i18n.language, t, onPrinted],
  );

  const viewer = (
    <DialogModal
      opened={printed !== null}
      onClose={() => setPrinted(null)}
      title={printed?.title}
      size="xl"
    >
      {printed && (
        <Stack>
          <iframe
            src={printed.url}
            title={printed.title}
            style={{ width: '100%', height: '65vh', border: 0 }}
          />
          <Group justify="flex-end">
            <Anchor href={printed.url} target="_blank" rel="noopener">
              {t('openInTab')}
            </Anchor>
            <Anchor href={printed.url} download={printed.fileName} data-testid="pdf-download">
              {t('download')}
            </Anchor>
          </Group>
        </Stack>
      )}
    </DialogModal>
  );
  return { print, viewer };
}
