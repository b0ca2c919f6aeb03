import { Button, CloseButton, FileButton, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import { ErrorAlert } from '../components/ErrorAlert';
import { acceptedFiles, pendingFile, photoProblem, type PendingPhoto } from './photo-files';
import { webcamAvailable, WebcamCapture } from './WebcamCapture';

interface Props {
  photos: PendingPhoto[];
  onChange: (photos: PendingPhoto[]) => void;
}

/** Photos from a file or the webcam, and PDFs from a file, shown until kept with the order. */
export function PhotoInput({ photos, onChange }: Props) {
  const { t } = useTranslation('photos');
  const [error, setError] = useState<AppError | null>(null);
  const [webcam, setWebcam] = useState(false);

  const add = (files: { name: string; file: Blob }[]) => {
    const problem = files.map((f) => photoProblem(f.file)).find((p) => p !== null) ?? null;
    setError(problem);
    if (problem) return;
    onChange([...photos, ...files.map((f) => pendingFile(f.name, f.file))]);
  };

  return (
    <Stack gap="xs">
      <Group>
        <FileButton
          onChange={(files) => add(files.map((file) => ({ name: file.name, file })))}
          multiple
          accept={acceptedFiles}
        >
          {(props) => (
            <Button variant="default" {...props}>
              {t('addFiles')}
            </Button>
          )}
        </FileButton>
        {webcamAvailable() && (
          <Button variant="default" onClick={() => setWebcam(true)}>
            {t('webcam')}
          </Button>
        )}
        <Text size="sm" c="dimmed">
          {t('count', { count: photos.length })}
        </Text>
      </Group>
      <ErrorAlert error={error} />
      {photos.length > 0 && (
        <Group gap="xs">
          {photos.map((photo, i) => (
            <Paper key={photo.previewUrl} withBorder p={4} pos="relative">
              {photo.kind === 'photo' ? (
                <Image src={photo.previewUrl} alt={photo.name} w={96} h={72} fit="cover" />
              ) : (
                <Stack w={96} h={72} gap={2} align="center" justify="center">
                  <IconFileTypePdf size={32} stroke={1.5} aria-hidden />
                  <Text size="xs" truncate="end" maw={88} title={photo.name}>
                    {photo.name}
                  </Text>
                </Stack>
              )}
              <CloseButton
                size="sm"
                pos="absolute"
                top={2}
                right={2}
                aria-label={t('remove', { name: photo.name })}
                onClick={() => onChange(photos.filter((_, j) => j !== i))}
              />
            </Paper>
          ))}
        </Group>
      )}
      <WebcamCapture
        opened={webcam}
        onClose={() => setWebcam(false)}
        onCapture={(file) => {
          setWebcam(false);
          add([{ name: `webcam-${new Date().toISOString().replace(/[:.]/g, '-')}.jpg`, file }]);
        }}
      />
    </Stack>
  );
}
