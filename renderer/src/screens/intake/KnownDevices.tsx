import { Button, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { PickedDevice } from './intake-draft';

interface Props {
  customerId: string | null;
  serialOrImei: string;
  onPick: (device: PickedDevice) => void;
}

/** The picked customer's devices, and any device whose serial or IMEI was just typed. */
export function KnownDevices({ customerId, serialOrImei, onPick }: Props) {
  const { t } = useTranslation('intake');
  const [owned, setOwned] = useState<PickedDevice[]>([]);
  const [typed] = useDebouncedValue(serialOrImei.trim(), 250);
  const [matched, setMatched] = useState<PickedDevice[]>([]);

  useEffect(() => {
    if (!customerId) return setOwned([]);
    void api.getCustomer({ id: customerId }).then((r) => {
      if (r.ok)
        setOwned(
          r.value.devices.map((d) => ({
            id: d.id,
            label: `${d.brand} ${d.model}${d.serial ? ` · ${d.serial}` : ''}${d.imei ? ` · ${d.imei}` : ''}`,
          })),
        );
    });
  }, [customerId]);

  useEffect(() => {
    if (typed.length < 5) return setMatched([]);
    void api.getDeviceHistory({ serialOrImei: typed }).then((r) => {
      if (r.ok)
        setMatched(r.value.map((d) => ({ id: d.id, label: `${d.brand} ${d.model} · ${typed}` })));
    });
  }, [typed]);

  const devices = [...owned, ...matched.filter((m) => !owned.some((o) => o.id === m.id))];
  if (devices.length === 0) return null;
  return (
    <Group gap="xs" role="group" aria-label={t('knownDevices')}>
      <Text size="sm">{t('knownDevices')}:</Text>
      {devices.map((device) => (
        <Button key={device.id} size="xs" variant="default" onClick={() => onPick(device)}>
          {device.label}
        </Button>
      ))}
    </Group>
  );
}
