import { Alert, Anchor, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../format/phone';
import { Link, useParams } from 'react-router';
import type { AppError } from '../../../../core/contract/errors';
import type { OrderDetail } from '../../../../core/contract/orders';
import { api } from '../../api';
import { StatusBadge } from '../../components/StatusBadge';
import { useSiteFormat } from '../../desk/site-format';
import { OrderTimeline } from './OrderTimeline';

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

export function OrderScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['orders', 'common', 'errors']);
  const format = useSiteFormat();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let current = true;
    void api.getOrder({ id }).then((result) => {
      if (!current) return;
      if (result.ok) setOrder(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [id]);

  const back = (
    <Anchor component={Link} to="/orders" size="sm">
      ← {t('order.backToList')}
    </Anchor>
  );
  if (error) {
    return (
      <Stack>
        {back}
        <Alert color="red" role="alert">
          {t(`errors:errors.${error.code}`)}
        </Alert>
      </Stack>
    );
  }
  if (!order) return <Loader aria-label={t('common:loading')} />;

  const dash = t('common:dash');
  return (
    <Stack gap="md">
      {back}
      <Group gap="md" align="center">
        <Title order={1} ff="monospace">
          {order.number}
        </Title>
        <StatusBadge status={order.status} />
      </Group>
      <Group gap="xl">
        <Detail label={t('order.createdAt')}>{format.dateTime(order.createdAt)}</Detail>
        <Detail label={t('order.promisedOn')}>
          {order.promisedOn ? format.isoDate(order.promisedOn) : dash}
        </Detail>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                {t('order.customer')}
              </Title>
              <Text fw={600}>{order.customerName}</Text>
              <Group gap="xl" mt="xs">
                <Detail label={t('order.phone')}>{displayPhone(order.customerPhone)}</Detail>
                <Detail label={t('order.email')}>{order.customerEmail ?? dash}</Detail>
              </Group>
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                {t('order.device')}
              </Title>
              <Text fw={600}>
                {order.deviceBrand} {order.deviceModel}
              </Text>
              <Group gap="xl" mt="xs">
                <Detail label={t('order.category')}>
                  {t(`common:category.${order.deviceCategory}`)}
                </Detail>
                <Detail label={t('order.serial')}>{order.deviceSerial ?? dash}</Detail>
                <Detail label={t('order.imei')}>{order.deviceImei ?? dash}</Detail>
              </Group>
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                {t('order.complaint')}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{order.complaint}</Text>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('order.timeline')}
            </Title>
            <OrderTimeline events={order.events} />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
