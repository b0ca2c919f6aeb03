import { Anchor, Button, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderSummary } from '../../../../core/contract/orders';
import type { OrderStatus } from '../../../../core/orders/workflow';
import { api } from '../../api';
import { useDesk } from '../../desk/DeskContext';
import { useSyncedAt } from '../../sync/SyncStatusContext';
import { mayTakeIntake } from '../intake/may-take-intake';
import { OrdersTable } from '../orders/OrdersTable';

const queueSize = 10;

function useOrders(statuses?: OrderStatus[]) {
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const key = statuses?.join(',') ?? '';
  const syncedAt = useSyncedAt();
  useEffect(() => {
    const filter = key ? { statuses: key.split(',') as OrderStatus[] } : {};
    void api.listOrders({ ...filter, page: { offset: 0, limit: queueSize } }).then((result) => {
      if (result.ok) setOrders(result.value.items);
    });
  }, [key, syncedAt]);
  return orders;
}

function Queue({
  title,
  orders,
  empty,
}: {
  title: string;
  orders: OrderSummary[] | null;
  empty: string;
}) {
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {title}
      </Title>
      {orders && orders.length === 0 && <Text c="dimmed">{empty}</Text>}
      {orders && orders.length > 0 && <OrdersTable orders={orders} caption={title} />}
    </Stack>
  );
}

/** The counter's home: a big "New intake", today's queues, and the recent orders. */
export function ReceptionScreen() {
  const { t } = useTranslation('reception');
  const ready = useOrders(['ready_for_pickup']);
  const awaiting = useOrders(['awaiting_approval']);
  const recent = useOrders();
  const mayIntake = mayTakeIntake(useDesk().person.roles);

  return (
    <Stack gap="lg">
      <Title order={1}>{t('title')}</Title>
      <Group>
        {mayIntake && (
          <Button
            component={Link}
            to="/intake/new"
            size="xl"
            h={88}
            w={360}
            rightSection={<Kbd>{t('newIntakeKey')}</Kbd>}
          >
            {t('newIntake')}
          </Button>
        )}
        <Button component={Link} to="/uncollected" variant="default" size="lg">
          {t('uncollected')}
        </Button>
      </Group>
      <Queue title={t('readyForPickup')} orders={ready} empty={t('noneReady')} />
      <Queue title={t('awaitingApproval')} orders={awaiting} empty={t('noneAwaiting')} />
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('recentOrders')}
          </Title>
          <Anchor component={Link} to="/orders">
            {t('allOrders')}
          </Anchor>
        </Group>
        {recent && recent.length === 0 && (
          <Text c="dimmed">{t(mayIntake ? 'empty' : 'emptyNoIntake')}</Text>
        )}
        {recent && recent.length > 0 && <OrdersTable orders={recent} caption={t('recentOrders')} />}
      </Stack>
    </Stack>
  );
}
