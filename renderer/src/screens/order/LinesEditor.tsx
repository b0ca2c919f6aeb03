import { ActionIcon, Button, Checkbox, NativeSelect, Table, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { lineKinds, type VatRate } from '../../../../core/contract/lines';
import type { z } from 'zod';
import { MoneyInput } from '../../money/MoneyInput';
import { emptyLine, type LineDraft, type LineKind } from './line-drafts';

interface Props {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  vatRates: z.infer<typeof VatRate>[];
  message: (path: string) => string | undefined;
  /** A warranty return: each line may be marked as the covered repair redone for free. */
  warrantyClaim?: boolean;
}

const percent = (bp: number) => `${(bp / 100).toLocaleString()} %`;

/** Labour and parts lines: kind, description, quantity, net unit price, VAT rate, warranty. */
export function LinesEditor({ lines, onChange, vatRates, message, warrantyClaim }: Props) {
  const { t } = useTranslation('orderPage');
  const set = (i: number, changes: Partial<LineDraft>) =>
    onChange(lines.map((line, j) => (j === i ? { ...line, ...changes } : line)));
  const defaultRate = vatRates[0]?.rateBp ?? 0;
  return (
    <>
      <Table withTableBorder verticalSpacing={4} aria-label={t('lines.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('lines.kind')}</Table.Th>
            <Table.Th>{t('lines.description')}</Table.Th>
            <Table.Th w={80}>{t('lines.quantity')}</Table.Th>
            <Table.Th w={130}>{t('lines.unitPrice')}</Table.Th>
            <Table.Th w={100}>{t('lines.vat')}</Table.Th>
            <Table.Th w={90}>{t('lines.warrantyMonths')}</Table.Th>
            {warrantyClaim && <Table.Th>{t('lines.underClaim')}</Table.Th>}
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <NativeSelect
                  aria-label={t('lines.kindOf', { n: i + 1 })}
                  value={line.kind}
                  onChange={(e) => set(i, { kind: e.currentTarget.value as LineKind })}
                  data={lineKinds.map((k) => ({ value: k, label: t(`lines.kinds.${k}`) }))}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('lines.descriptionOf', { n: i + 1 })}
                  value={line.description}
                  onChange={(e) => set(i, { description: e.currentTarget.value })}
                  error={message(`lines.${i}.description`)}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('lines.quantityOf', { n: i + 1 })}
                  inputMode="decimal"
                  value={line.quantity}
                  onChange={(e) => set(i, { quantity: e.currentTarget.value })}
                  error={message(`lines.${i}.quantityMilli`)}
                />
              </Table.Td>
              <Table.Td>
                <MoneyInput
                  aria-label={t('lines.unitPriceOf', { n: i + 1 })}
                  value={line.unitPrice}
                  onChange={(unitPrice) => set(i, { unitPrice })}
                  error={message(`lines.${i}.unitPrice`)}
                />
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={t('lines.vatOf', { n: i + 1 })}
                  value={String(line.vatRateBp)}
                  onChange={(e) => set(i, { vatRateBp: Number(e.currentTarget.value) })}
                  data={vatRates.map((r) => ({
                    value: String(r.rateBp),
                    label: percent(r.rateBp),
                  }))}
                  error={message(`lines.${i}.vatRateBp`)}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('lines.warrantyMonthsOf', { n: i + 1 })}
                  inputMode="numeric"
                  value={line.warrantyMonths}
                  onChange={(e) => set(i, { warrantyMonths: e.currentTarget.value })}
                  error={message(`lines.${i}.warrantyMonths`)}
                />
              </Table.Td>
              {warrantyClaim && (
                <Table.Td>
                  <Checkbox
                    aria-label={t('lines.underClaimOf', { n: i + 1 })}
                    checked={line.underWarrantyClaim}
                    onChange={(e) => set(i, { underWarrantyClaim: e.currentTarget.checked })}
                  />
                </Table.Td>
              )}
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('lines.remove', { n: i + 1 })}
                  onClick={() => onChange(lines.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Button variant="default" onClick={() => onChange([...lines, emptyLine(defaultRate)])}>
        {t('lines.add')}
      </Button>
    </>
  );
}
