import { Anchor, Button, Group, Paper, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { DeviceHistory } from '../../../../core/contract/devices';
import { api } from '../../api';
import { StatusBadge } from '../../components/StatusBadge';
import { useSiteFormat } from '../../desk/site-format';
import type { IntakeDraft } from './intake-draft';

type KnownDevice = z.infer<typeof DeviceHistory>[number];

interface Props {
  deviceId: string;
  claim: IntakeDraft['warrantyClaim'];
  onClaim: (claim: IntakeDraft['warrantyClaim']) => void;
  onUnpick: () => void;
}

/**
 * A known device at a glance: its earlier orders and every warranty slip still valid; a
 * covered line can be chosen as the reason for this visit (a free warranty return).
 */
export function DeviceHistoryPanel({ deviceId, claim, onClaim, onUnpick }: Props) {
  const { t } = useTranslation(['intake', 'common']);
  const format = useSiteFormat();
  const [device, setDevice] = useState<KnownDevice | null>(null);
  useEffect(() => {
    void api.getDeviceHistory({ deviceId }).then((r) => r.ok && setDevice(r.value[0] ?? null));
  }, [deviceId]);
  if (!device) return null;
  const claimValue = claim ? `${claim.slipId}:${claim.lineId}` : 'none';
  return (
    <Paper withBorder p="sm" role="group" aria-label={t('knownDevice')}>
      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Text size="xs" c="dimmed">
              {t('knownDevice')}
            </Text>
            <Text fw={600}>
              {device.brand} {device.model} · {t(`common:category.${device.category}`)}
              {device.serial ? ` · ${device.serial}` : ''}
              {device.imei ? ` · IMEI ${device.imei}` : ''}
            </Text>
          </div>
          <Button variant="default" onClick={onUnpick}>
            {t('anotherDevice')}
          </Button>
        </Group>
        <Text size="sm" fw={600}>
          {t('earlierOrders', { count: device.orders.length })}
        </Text>
        {device.orders.map((order) => (
          <Group key={order.id} gap="xs">
            <Anchor component={Link} to={`/orders/${order.id}`} ff="monospace" size="sm">
              {order.number}
            </Anchor>
            <StatusBadge status={order.status} />
            <Text size="sm">
              {format.dateTime(order.createdAt)} · {order.complaint}
            </Text>
          </Group>
        ))}
        {device.validSlips.length > 0 && (
          <Radio.Group
            label={t('warrantyClaim')}
            description={t('warrantyClaimHint')}
            value={claimValue}
            onChange={(value) => {
              if (value === 'none') return onClaim(null);
              const [slipId = '', lineId = ''] = value.split(':');
              onClaim({ slipId, lineId });
            }}
          >
            <Stack gap={4} mt="xs">
              <Radio value="none" label={t('noWarrantyClaim')} />
              {device.validSlips.flatMap((slip) =>
                slip.coverage.map((line) => (
                  <Radio
                    key={`${slip.id}:${line.lineId}`}
                    value={`${slip.id}:${line.lineId}`}
                    label={t('coveredLine', {
                      number: slip.orderNumber,
                      description: line.description,
                      endsOn: format.isoDate(line.endsOn),
                    })}
                  />
                )),
              )}
            </Stack>
          </Radio.Group>
        )}
      </Stack>
    </Paper>
  );
}
