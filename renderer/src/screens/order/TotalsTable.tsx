import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSiteFormat } from '../../desk/site-format';

export interface TotalsView {
  perRate: { vatRateBp: number; net: number; vat: number; gross: number }[];
  net: number;
  vat: number;
  gross: number;
}

/** Net, VAT and gross per VAT rate and overall, as the desk computed them. */
export function TotalsTable({ totals }: { totals: TotalsView }) {
  const { t } = useTranslation('orderPage');
  const format = useSiteFormat();
  return (
    <Table maw={520} verticalSpacing={2} aria-label={t('totals.title')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('totals.rate')}</Table.Th>
          <Table.Th ta="right">{t('totals.net')}</Table.Th>
          <Table.Th ta="right">{t('totals.vat')}</Table.Th>
          <Table.Th ta="right">{t('totals.gross')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {totals.perRate.map((rate) => (
          <Table.Tr key={rate.vatRateBp}>
            <Table.Td>{(rate.vatRateBp / 100).toLocaleString()} %</Table.Td>
            <Table.Td ta="right">{format.money(rate.net)}</Table.Td>
            <Table.Td ta="right">{format.money(rate.vat)}</Table.Td>
            <Table.Td ta="right">{format.money(rate.gross)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr fw={700}>
          <Table.Td>{t('totals.total')}</Table.Td>
          <Table.Td ta="right">{format.money(totals.net)}</Table.Td>
          <Table.Td ta="right">{format.money(totals.vat)}</Table.Td>
          <Table.Td ta="right" data-testid="total-gross">
            {format.money(totals.gross)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
