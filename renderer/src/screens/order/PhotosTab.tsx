import { Button, Group, Image, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../core/contract/errors';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSiteFormat } from '../../desk/site-format';
import { PdfViewerModal, type ShownPdf } from '../../documents/PdfViewer';
import { deskShell } from '../../documents/usePrinter';
import { keepPhotos, type PendingPhoto } from '../../photos/photo-files';
import { PhotoInput } from '../../photos/PhotoInput';

interface Shown {
  id: string;
  name: string;
  createdAt: number;
  src: string;
}

interface Listed {
  id: string;
  name: string;
  createdAt: number;
  size: number;
}

/** A document's bytes as a blob URL: shown in the viewer, or saved as a copy. */
async function documentUrl(id: string): Promise<{ ok: true; url: string } | AppErrorResult> {
  const got = await api.getAttachment({ id });
  if (!got.ok) return got;
  const bytes = Uint8Array.from(atob(got.value.dataBase64), (c) => c.charCodeAt(0));
  return { ok: true, url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })) };
}
type AppErrorResult = { ok: false; error: AppError };

/** The name a copy is saved under: the document's own, ending in .pdf. */
const pdfFileName = (name: string) => (name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf`);

/**
 * The order's photos and PDF documents (a proof of purchase, a workshop's report), and more
 * added from a file or the webcam. A document opens in the desk app's PDF window, or in a
 * viewer here in browser mode, and can be saved as a copy.
 */
export function PhotosTab({ orderId }: { orderId: string }) {
  const { t } = useTranslation('photos');
  const format = useSiteFormat();
  const [shown, setShown] = useState<Shown[]>([]);
  const [documents, setDocuments] = useState<Listed[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [pending, setPending] = useState<PendingPhoto[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [opened, setOpened] = useState<ShownPdf | null>(null);

  const load = useCallback(async () => {
    const list = await api.listAttachments({ orderId });
    if (!list.ok) return;
    setDocuments(list.value.filter((info) => info.kind === 'document'));
    // Photos are shown, so their bytes are read; a document's only when it is opened.
    const photos = await Promise.all(
      list.value
        .filter((info) => info.kind === 'photo')
        .map((info) => api.getAttachment({ id: info.id })),
    );
    setShown(
      photos.flatMap((r) =>
        r.ok
          ? [
              {
                id: r.value.id,
                name: r.value.name,
                createdAt: r.value.createdAt,
                src: `data:${r.value.mime};base64,${r.value.dataBase64}`,
              },
            ]
          : [],
      ),
    );
    setLoaded(true);
  }, [orderId]);
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () => () => {
      if (opened) URL.revokeObjectURL(opened.url);
    },
    [opened],
  );

  const keep = async () => {
    setSaving(true);
    const problem = await keepPhotos(orderId, pending);
    setSaving(false);
    setError(problem);
    if (!problem) setPending([]);
    void load();
  };

  const open = async (document: Listed) => {
    const shell = deskShell();
    if (shell) {
      const result = await shell.openAttachment({ id: document.id });
      setError(result.ok ? null : result.error);
      return;
    }
    const got = await documentUrl(document.id);
    setError(got.ok ? null : got.error);
    if (got.ok)
      setOpened({ url: got.url, fileName: pdfFileName(document.name), title: document.name });
  };

  const saveCopy = async (document: Listed) => {
    const got = await documentUrl(document.id);
    setError(got.ok ? null : got.error);
    if (!got.ok) return;
    const link = window.document.createElement('a');
    link.href = got.url;
    link.download = pdfFileName(document.name);
    link.click();
    setTimeout(() => URL.revokeObjectURL(got.url), 60_000);
  };

  return (
    <Stack>
      <PhotoInput photos={pending} onChange={setPending} />
      {pending.length > 0 && (
        <Group>
          <Button loading={saving} onClick={() => void keep()}>
            {t('keep', { count: pending.length })}
          </Button>
        </Group>
      )}
      <ErrorAlert error={error} />
      {loaded && shown.length === 0 && documents.length === 0 && (
        <Text c="dimmed">{t('none')}</Text>
      )}
      {documents.length > 0 && (
        <Stack gap="xs" data-testid="order-documents">
          <Title order={4}>{t('documentsHeading')}</Title>
          {documents.map((document) => (
            <Paper key={document.id} withBorder p="xs">
              <Group justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap" miw={0}>
                  <IconFileTypePdf size={28} stroke={1.5} aria-hidden />
                  <Stack gap={0} miw={0}>
                    <Text fw={500} truncate="end">
                      {document.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('pdf')} · {format.fileSize(document.size)} ·{' '}
                      {format.dateTime(document.createdAt)}
                    </Text>
                  </Stack>
                </Group>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    variant="default"
                    size="xs"
                    onClick={() => void open(document)}
                    aria-label={`${t('open')}: ${document.name}`}
                  >
                    {t('open')}
                  </Button>
                  <Button
                    variant="subtle"
                    size="xs"
                    onClick={() => void saveCopy(document)}
                    aria-label={`${t('save')}: ${document.name}`}
                  >
                    {t('save')}
                  </Button>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {shown.length > 0 && documents.length > 0 && <Title order={4}>{t('photosHeading')}</Title>}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {shown.map((photo) => (
          <Paper key={photo.id} withBorder p="xs">
            <Image src={photo.src} alt={photo.name} h={160} fit="contain" />
            <Text size="xs" c="dimmed" mt={4}>
              {photo.name} · {format.dateTime(photo.createdAt)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <PdfViewerModal pdf={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}
