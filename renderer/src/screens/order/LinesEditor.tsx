import { ActionIcon, Button, Checkbox, NativeSelect, Table, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lineKinds, type VatRate } from '../../../../core/contract/lines';
import type { PartWithStock } from '../../../../core/contract/stock';
import type { z } from 'zod';
import { api } from '../../api';
import { MoneyInput } from '../../money/MoneyInput';
import { minorToDecimalString } from '../../money/parse-money';
import { useCurrencyDigits } from '../../money/useCurrencyDigits';
import { emptyLine, type LineDraft, type LineKind } from './line-drafts';
import { PartPicker } from './PartPicker';

interface Props {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  vatRates: z.infer<typeof VatRate>[];
  message: (path: string) => string | undefined;
  /** A warranty return: each line may be marked as the covered repair redone for free. */
  warrantyClaim?: boolean;
  /** The line "add" starts from, when not the usual one (no warranty on a device not repaired). */
  newLine?: ((vatRateBp: number) => LineDraft) | undefined;
}

const percent = (bp: number) => `${(bp / 100).toLocaleString()} %`;

/** The line without its catalogue part: typed freely from now on. */
function unlinked({ partId: _, ...line }: LineDraft): LineDraft {
  return line;
}

/**
 * The catalogue parts the lines are linked to, with this site's stock: those picked are known
 * at once, those that came linked (an approved estimate at hand-over) are asked for.
 */
function useLinkedParts(lines: LineDraft[]) {
  const [known, setKnown] = useState<Record<string, PartWithStock>>({});
  const missing = [
    ...new Set(lines.flatMap((l) => (l.partId && !known[l.partId] ? [l.partId] : []))),
  ];
  useEffect(() => {
    for (const partId of missing) {
      void api.listStockMovements({ partId, limit: 1 }).then((result) => {
        if (result.ok) setKnown((k) => ({ ...k, [partId]: result.value.part }));
      });
    }
  }, [missing.join()]);
  const remember = (part: PartWithStock) => setKnown((k) => ({ ...k, [part.id]: part }));
  const linked = (line: LineDraft) => (line.partId ? (known[line.partId] ?? 'loading') : null);
  return { linked, remember };
}

/** Labour and parts lines: kind, description, quantity, net unit price, VAT rate, warranty. */
export function LinesEditor({ lines, onChange, vatRates, message, warrantyClaim, newLine }: Props) {
  const { t } = useTranslation('orderPage');
  const digits = useCurrencyDigits();
  const { linked, remember } = useLinkedParts(lines);
  const replace = (i: number, next: (line: LineDraft) => LineDraft) =>
    onChange(lines.map((line, j) => (j === i ? next(line) : line)));
  const set = (i: number, changes: Partial<LineDraft>) =>
    replace(i, (line) => ({ ...line, ...changes }));
  const setKind = (i: number, kind: LineKind) =>
    replace(i, (line) => (kind === 'part' ? { ...line, kind } : unlinked({ ...line, kind })));
  // Emptying the description of a picked part starts the line afresh.
  const setDescription = (i: number, description: string) =>
    replace(i, (line) =>
      description.trim() ? { ...line, description } : unlinked({ ...line, description }),
    );
  const pickPart = (i: number, part: PartWithStock) => {
    remember(part);
    set(i, {
      partId: part.id,
      description: part.name,
      unitPrice: minorToDecimalString(part.price, digits),
      vatRateBp: part.vatRateBp,
      warrantyMonths: String(part.warrantyMonths),
    });
  };
  /** The rates in force, and the line's own if it is not among them, so the select shows the truth. */
  const ratesFor = (line: LineDraft) => [
    ...new Set([...vatRates.map((r) => r.rateBp), line.vatRateBp]),
  ];
  const defaultRate = vatRates[0]?.rateBp ?? 0;
  return (
    <>
      <Table
        withTableBorder
        verticalSpacing={4}
        horizontalSpacing={6}
        aria-label={t('lines.title')}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('lines.kind')}</Table.Th>
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
                  onChange={(e) => setKind(i, e.currentTarget.value as LineKind)}
                  data={lineKinds.map((k) => ({ value: k, label: t(`lines.kinds.${k}`) }))}
                />
              </Table.Td>
              <Table.Td>
                {line.kind === 'part' ? (
                  <PartPicker
                    n={i + 1}
                    description={line.description}
                    linked={linked(line)}
                    error={message(`lines.${i}.description`) ?? message(`lines.${i}.partId`)}
                    onType={(description) => setDescription(i, description)}
                    onPick={(part) => pickPart(i, part)}
                    onUnlink={() => replace(i, unlinked)}
                  />
                ) : (
                  <TextInput
                    aria-label={t('lines.descriptionOf', { n: i + 1 })}
                    value={line.description}
                    onChange={(e) => setDescription(i, e.currentTarget.value)}
                    error={message(`lines.${i}.description`)}
                  />
                )}
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
                  data={ratesFor(line).map((bp) => ({ value: String(bp), label: percent(bp) }))}
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
      <Button
        variant="default"
        onClick={() => onChange([...lines, (newLine ?? emptyLine)(defaultRate)])}
      >
        {t('lines.add')}
      </Button>
    </>
  );
}
