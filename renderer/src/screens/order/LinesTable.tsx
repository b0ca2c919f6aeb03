import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSiteFormat } from '../../desk/site-format';

interface LineView {
  id: string;
  kind: string;
  description: string;
  quantityMilli: number;
  unitPrice: number;
  vatRateBp: number;
  warrantyMonths: number;
  coveredByWarranty: boolean;
  net: number;
}

/** Priced lines as recorded (estimate or hand-over), read-only. */
export function LinesTable({ lines, label }: { lines: LineView[]; label: string }) {
  const { t } = useTranslation('orderPage');
  const format = useSiteFormat();
  return (
    <Table withTableBorder verticalSpacing={2} aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('lines.kind')}</Table.Th>
          <Table.Th>{t('lines.description')}</Table.Th>
          <Table.Th ta="right">{t('lines.quantity')}</Table.Th>
          <Table.Th ta="right">{t('lines.unitPrice')}</Table.Th>
          <Table.Th ta="right">{t('lines.vat')}</Table.Th>
          <Table.Th ta="right">{t('lines.warrantyMonths')}</Table.Th>
          <Table.Th ta="right">{t('lines.net')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <Table.Tr key={line.id}>
            <Table.Td>{t(`lines.kinds.${line.kind}`)}</Table.Td>
            <Table.Td>
              {line.description}
              {line.coveredByWarranty ? ` (${t('lines.coveredByWarranty')})` : ''}
            </Table.Td>
            <Table.Td ta="right">{(line.quantityMilli / 1000).toLocaleString()}</Table.Td>
            <Table.Td ta="right">{format.money(line.unitPrice)}</Table.Td>
            <Table.Td ta="right">{(line.vatRateBp / 100).toLocaleString()} %</Table.Td>
            <Table.Td ta="right">{line.warrantyMonths}</Table.Td>
            <Table.Td ta="right">{format.money(line.net)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
