import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PartWithStock } from '../../../../core/contract/stock';
import { useSiteFormat } from '../../desk/site-format';
import { partActions, type PartAction, type StockPermissions } from './permissions';
import { usePercentFormat } from './usePercentFormat';
import { usePiecesFormat } from './usePiecesFormat';

interface Props {
  parts: PartWithStock[];
  may: StockPermissions;
  onAction: (action: PartAction, part: PartWithStock) => void;
}

/** On hand in pieces; nothing or less is marked in words as well as colour. */
function OnHand({ milli }: { milli: number }) {
  const { t } = useTranslation('stock');
  const { pieces } = usePiecesFormat();
  if (milli > 0) return <Text size="sm">{pieces(milli)}</Text>;
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap">
      <Text size="sm" fw={700} c="red.9">
        {pieces(milli)}
      </Text>
      <Badge
        color="red"
        variant="light"
        tt="none"
        styles={{ label: { color: 'var(--mantine-color-red-9)', overflow: 'visible' } }}
      >
        {t(milli < 0 ? 'belowZero' : 'outOfStock')}
      </Badge>
    </Group>
  );
}

/** The catalogue as a dense table: one row per part, its stock here and what can be done with it. */
export function PartsTable({ parts, may, onAction }: Props) {
  const { t } = useTranslation('stock');
  const format = useSiteFormat();
  const percent = usePercentFormat();
  const actions = partActions(may);
  return (
    <Table striped highlightOnHover verticalSpacing={4} captionSide="top">
      <Table.Caption className="visually-hidden">{t('caption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('columns.sku')}</Table.Th>
          <Table.Th>{t('columns.name')}</Table.Th>
          <Table.Th ta="right">{t('columns.price')}</Table.Th>
          <Table.Th ta="right">{t('columns.vat')}</Table.Th>
          <Table.Th>{t('columns.warranty')}</Table.Th>
          <Table.Th ta="right">{t('columns.onHand')}</Table.Th>
          <Table.Th>{t('columns.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {parts.map((part) => (
          <Table.Tr key={part.id} data-testid={`part-${part.sku}`}>
            <Table.Td fw={600} style={{ whiteSpace: 'nowrap' }}>
              {part.sku}
            </Table.Td>
            <Table.Td>{part.name}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {format.money(part.price)}
            </Table.Td>
            <Table.Td ta="right">{percent(part.vatRateBp)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {part.warrantyMonths > 0
                ? t('months', { count: part.warrantyMonths })
                : t('noWarranty')}
            </Table.Td>
            <Table.Td ta="right" data-testid="on-hand">
              <OnHand milli={part.onHandMilli} />
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                {actions.map((action) => (
                  <Button
                    key={action}
                    size="xs"
                    variant="default"
                    aria-label={t(`actions.${action}Named`, { sku: part.sku })}
                    onClick={() => onAction(action, part)}
                  >
                    {t(`actions.${action}`)}
                  </Button>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
