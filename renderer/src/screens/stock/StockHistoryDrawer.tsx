import { Anchor, Drawer, Loader, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AppError } from '../../../../core/contract/errors';
import type { PartWithStock, StockMovement } from '../../../../core/contract/stock';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSiteFormat } from '../../desk/site-format';
import { usePiecesFormat } from './usePiecesFormat';

interface Props {
  part: PartWithStock;
  onClose: () => void;
}

/** A part's movements at this site, newest first: receipts, use on orders, corrections, transfers. */
export function StockHistoryDrawer({ part, onClose }: Props) {
  const { t } = useTranslation(['stock', 'common']);
  const format = useSiteFormat();
  const { pieces, signed } = usePiecesFormat();
  const [history, setHistory] = useState<{ part: PartWithStock; movements: StockMovement[] }>();
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let current = true;
    void api.listStockMovements({ partId: part.id, limit: 200 }).then((result) => {
      if (!current) return;
      if (result.ok) setHistory(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [part.id]);

  const onHand = history?.part.onHandMilli ?? part.onHandMilli;
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="xl"
      title={t('history.title', { sku: part.sku })}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack gap="sm">
        <div>
          <Text fw={600}>{part.name}</Text>
          <Text size="sm" data-testid="history-on-hand">
            {t('history.onHand', { quantity: pieces(onHand) })}
          </Text>
        </div>
        <ErrorAlert error={error} />
        {!history && !error && <Loader size="sm" aria-label={t('common:loading')} />}
        {history && history.movements.length === 0 && <Text c="dimmed">{t('history.none')}</Text>}
        {history && history.movements.length > 0 && (
          <Table striped verticalSpacing={4} aria-label={t('history.caption')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('history.when')}</Table.Th>
                <Table.Th>{t('history.kind')}</Table.Th>
                <Table.Th ta="right">{t('history.quantity')}</Table.Th>
                <Table.Th>{t('history.order')}</Table.Th>
                <Table.Th>{t('history.note')}</Table.Th>
                <Table.Th>{t('history.by')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.movements.map((movement) => (
                <Table.Tr key={movement.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {format.dateTime(movement.createdAt)}
                  </Table.Td>
                  <Table.Td>{t(`history.kinds.${movement.kind}`)}</Table.Td>
                  <Table.Td
                    ta="right"
                    fw={600}
                    c={movement.quantityMilli < 0 ? 'red.9' : undefined}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {signed(movement.quantityMilli)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {movement.orderId ? (
                      <Anchor
                        component={Link}
                        to={`/orders/${movement.orderId}`}
                        onClick={onClose}
                        size="sm"
                      >
                        {movement.orderNumber ?? t('common:dash')}
                      </Anchor>
                    ) : (
                      t('common:dash')
                    )}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{movement.note ?? ''}</Table.Td>
                  <Table.Td>{movement.userName ?? t('common:dash')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Drawer>
  );
}
