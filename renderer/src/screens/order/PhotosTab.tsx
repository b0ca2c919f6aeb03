import { Button, Group, Image, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../core/contract/errors';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSiteFormat } from '../../desk/site-format';
import { keepPhotos, type PendingPhoto } from '../../photos/photo-files';
import { PhotoInput } from '../../photos/PhotoInput';

interface Shown {
  id: string;
  name: string;
  createdAt: number;
  src: string;
}

/** The order's photos, and more added from a file or the webcam. */
export function PhotosTab({ orderId }: { orderId: string }) {
  const { t } = useTranslation('photos');
  const format = useSiteFormat();
  const [shown, setShown] = useState<Shown[]>([]);
  const [pending, setPending] = useState<PendingPhoto[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    const list = await api.listAttachments({ orderId });
    if (!list.ok) return;
    const photos = await Promise.all(list.value.map((info) => api.getAttachment({ id: info.id })));
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
  }, [orderId]);
  useEffect(() => {
    void load();
  }, [load]);

  const keep = async () => {
    setSaving(true);
    const problem = await keepPhotos(orderId, pending);
    setSaving(false);
    setError(problem);
    if (!problem) setPending([]);
    void load();
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
      {shown.length === 0 && <Text c="dimmed">{t('none')}</Text>}
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
    </Stack>
  );
}
