import { Button, Group, Stack, Text } from '@mantine/core';
import { DialogModal } from '../components/DialogModal';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCapture: (photo: Blob) => void;
}

/** The desk's webcam, where there is one: a live view and a button that takes a JPEG. */
export function WebcamCapture({ opened, onClose, onCapture }: Props) {
  const { t } = useTranslation('photos');
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!opened) return;
    let live: MediaStream | null = null;
    setFailed(false);
    navigator.mediaDevices
      .getUserMedia({ video: { width: 1280, height: 960 } })
      .then((s) => {
        live = s;
        setStream(s);
        if (video.current) video.current.srcObject = s;
      })
      .catch(() => setFailed(true));
    return () => {
      live?.getTracks().forEach((track) => track.stop());
      setStream(null);
    };
  }, [opened]);

  const take = () => {
    const source = video.current;
    if (!source) return;
    const canvas = document.createElement('canvas');
    canvas.width = source.videoWidth;
    canvas.height = source.videoHeight;
    canvas.getContext('2d')?.drawImage(source, 0, 0);
    canvas.toBlob((blob) => blob && onCapture(blob), 'image/jpeg', 0.85);
  };

  return (
    <DialogModal opened={opened} onClose={onClose} title={t('webcam')} size="lg">
      <Stack>
        {failed ? (
          <Text role="alert">{t('noCamera')}</Text>
        ) : (
          <video ref={video} autoPlay playsInline muted style={{ width: '100%' }} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('close')}
          </Button>
          <Button onClick={take} disabled={!stream}>
            {t('take')}
          </Button>
        </Group>
      </Stack>
    </DialogModal>
  );
}

export const webcamAvailable = () =>
  typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
