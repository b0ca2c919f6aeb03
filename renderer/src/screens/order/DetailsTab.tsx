import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail } from '../../../../core/contract/orders';
import { api } from '../../api';
import { useDesk } from '../../desk/DeskContext';
import { useSiteFormat } from '../../desk/site-format';
import { displayPhone } from '../../format/phone';

export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

/** The unlock code stays hidden until a technician asks for it. */
function UnlockCode({ order }: { order: OrderDetail }) {
  const { t } = useTranslation(['orderPage', 'intake', 'errors']);
  const { person } = useDesk();
  const [shown, setShown] = useState<string | null>(null);
  if (!order.unlockKind) return null;
  const mayReveal = person.roles.some((r) => r === 'technician' || r === 'admin');
  const reveal = async () => {
    const result = await api.revealUnlockCode({ orderId: order.id });
    setShown(result.ok ? (result.value?.value ?? '') : t(`errors:errors.${result.error.code}`));
  };
  return (
    <Detail label={t(`intake:unlockKinds.${order.unlockKind}`)}>
      {shown ?? '••••'}{' '}
      {mayReveal && shown === null && (
        <Button size="compact-xs" variant="subtle" onClick={() => void reveal()}>
          {t('details.reveal')}
        </Button>
      )}
    </Detail>
  );
}

export function DetailsTab({ order }: { order: OrderDetail }) {
  const { t } = useTranslation(['orderPage', 'common', 'counter-checklist', 'intake']);
  const format = useSiteFormat();
  const { site } = useDesk();
  const dash = t('common:dash');
  const list = (codes: string[], group: 'condition' | 'accessories') =>
    codes.length ? codes.map((c) => t(`counter-checklist:${group}.${c}`)).join(', ') : dash;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            {t('details.customer')}
          </Title>
          {site.kind === 'workshop_partner' ? (
            // The head office sends a partner no name or contacts (ARCHITECTURE.md, guarantee 3).
            <Text size="sm" c="dimmed">
              {t('details.customerWithheld')}
            </Text>
          ) : (
            <>
              <Text fw={600}>{order.customerName}</Text>
              <Group gap="xl" mt="xs">
                <Detail label={t('details.phone')}>{displayPhone(order.customerPhone)}</Detail>
                <Detail label={t('details.email')}>{order.customerEmail ?? dash}</Detail>
              </Group>
            </>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            {t('details.device')}
          </Title>
          <Text fw={600}>
            {order.deviceBrand} {order.deviceModel}
          </Text>
          <Group gap="xl" mt="xs">
            <Detail label={t('details.category')}>
              {t(`common:category.${order.deviceCategory}`)}
            </Detail>
            <Detail label={t('details.serial')}>{order.deviceSerial ?? dash}</Detail>
            <Detail label={t('details.imei')}>{order.deviceImei ?? dash}</Detail>
            <UnlockCode order={order} />
          </Group>
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          {t('details.complaint')}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{order.complaint}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} mt="sm">
          <Detail label={t('details.condition')}>
            {list(order.condition, 'condition')}
            {order.conditionNotes ? ` — ${order.conditionNotes}` : ''}
          </Detail>
          <Detail label={t('details.accessories')}>
            {list(order.accessories, 'accessories')}
            {order.accessoriesNotes ? ` — ${order.accessoriesNotes}` : ''}
          </Detail>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <Group gap="xl">
          <Detail label={t('details.warrantyBasis')}>
            {t(`intake:warrantyBases.${order.warrantyBasis}`)}
          </Detail>
          <Detail label={t('details.preauthorised')}>
            {format.money(order.preauthorisedAmount)}
          </Detail>
          <Detail label={t('details.diagnosisFee')}>{format.money(order.diagnosisFee)}</Detail>
          <Detail label={t('details.deposit')}>{format.money(order.deposit)}</Detail>
          <Detail label={t('details.itemValue')}>
            {order.itemValue === null ? dash : format.money(order.itemValue)}
          </Detail>
        </Group>
        {order.warrantyParentOrderId && order.warrantyClaim && (
          <Text mt="sm" data-testid="warranty-return">
            {t('details.warrantyReturn', { endsOn: format.isoDate(order.warrantyClaim.endsOn) })}{' '}
            <Anchor component={Link} to={`/orders/${order.warrantyParentOrderId}`}>
              {t('details.originalOrder')}
            </Anchor>
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
