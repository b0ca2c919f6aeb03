import { Anchor, Button, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderSummary } from '../../../../core/contract/orders';
import { api } from '../../api';
import { OrdersTable } from '../orders/OrdersTable';

const recentCount = 10;

export function ReceptionScreen() {
  const { t } = useTranslation('reception');
  const [recent, setRecent] = useState<OrderSummary[] | null>(null);

  useEffect(() => {
    void api.listOrders({ page: { offset: 0, limit: recentCount } }).then((result) => {
      if (result.ok) setRecent(result.value.items);
    });
  }, []);

  return (
    <Stack gap="lg">
      <Title order={1}>{t('title')}</Title>
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
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('recentOrders')}
          </Title>
          <Anchor component={Link} to="/orders">
            {t('allOrders')}
          </Anchor>
        </Group>
        {recent && recent.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
        {recent && recent.length > 0 && <OrdersTable orders={recent} caption={t('recentOrders')} />}
      </Stack>
    </Stack>
  );
}
