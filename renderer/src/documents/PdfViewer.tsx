import { Anchor, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DialogModal } from '../components/DialogModal';

/** A PDF shown in the page from an object URL (browser mode; the desk app's page frames nothing). */
export interface ShownPdf {
  url: string;
  fileName: string;
  title: string;
}

/** The PDF in Chromium's viewer in a dialog, with links to open it in a tab and download it. */
export function PdfViewerModal({ pdf, onClose }: { pdf: ShownPdf | null; onClose: () => void }) {
  const { t } = useTranslation('documents');
  return (
    <DialogModal opened={pdf !== null} onClose={onClose} title={pdf?.title} size="xl">
      {pdf && (
        <Stack>
          <iframe
            src={pdf.url}
            title={pdf.title}
            style={{ width: '100%', height: '65vh', border: 0 }}
            data-testid="pdf-viewer"
          />
          <Group justify="flex-end">
            <Anchor href={pdf.url} target="_blank" rel="noopener">
              {t('openInTab')}
            </Anchor>
            <Anchor href={pdf.url} download={pdf.fileName} data-testid="pdf-download">
              {t('download')}
            </Anchor>
          </Group>
        </Stack>
      )}
    </DialogModal>
  );
}
