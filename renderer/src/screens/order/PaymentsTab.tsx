import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandOverRecord } from '../../../../core/contract/handover';
import type { OrderDetail } from '../../../../core/contract/orders';
import { mayMoveDevice } from '../../../../core/orders/custody';
import { canTransition } from '../../../../core/orders/workflow';
import { api } from '../../api';
import { useDesk } from '../../desk/DeskContext';
import { useSiteFormat } from '../../desk/site-format';
import { LinesTable } from './LinesTable';
import { TotalsTable } from './TotalsTable';

/** Final lines, payments and warranty coverage once handed over; until then, the hand-over. */
export function PaymentsTab({ order, onHandOver }: { order: OrderDetail; onHandOver: () => void }) {
  const { t } = useTranslation(['orderPage', 'common']);
  const format = useSiteFormat();
  const { site } = useDesk();
  const [record, setRecord] = useState<HandOverRecord | null>(null);
  useEffect(() => {
    if (order.status !== 'handed_over') return;
    void api.getHandOver({ orderId: order.id }).then((r) => r.ok && setRecord(r.value));
  }, [order.id, order.status]);

  if (order.status !== 'handed_over' || !record)
    return (
      <Stack align="flex-start">
        <Text c="dimmed">{t('payments.notYet')}</Text>
        {canTransition(order.status, 'handed_over') &&
          mayMoveDevice(site.id, order, 'handed_over') && (
            <Button onClick={onHandOver}>{t('handOver.open')}</Button>
          )}
      </Stack>
    );
  return (
    <Stack>
      <LinesTable lines={record.lines} label={t('payments.finalLines')} />
      <TotalsTable totals={record.totals} />
      <Title order={3} size="h5">
        {t('payments.title')}
      </Title>
      <Table maw={420} aria-label={t('payments.title')} verticalSpacing={2}>
        <Table.Tbody>
          {record.payments.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{t(`payments.methods.${p.method}`, { defaultValue: p.method })}</Table.Td>
              <Table.Td ta="right">{format.money(p.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {record.slip && (
        <Text>
          {t('payments.slip', {
            from: format.isoDate(record.slip.startsOn),
            to: format.isoDate(record.slip.endsOn),
          })}
        </Text>
      )}
    </Stack>
  );
}
