import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DialogModal } from '../../components/DialogModal';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { computeTotals, netForGross } from '../../../../core/accounting/vat';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import type { HandOverRecord } from '../../../../core/contract/handover';
import { currentLegalVersion } from '../../../../core/contract/legal-versions';
import type { OrderDetail } from '../../../../core/contract/orders';
import { returnedUnrepaired } from '../../../../core/orders/workflow';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSiteFormat } from '../../desk/site-format';
import { MoneyInput } from '../../money/MoneyInput';
import { parseMoney } from '../../money/parse-money';
import { useCurrencyDigits } from '../../money/useCurrencyDigits';
import { issuesByPath, useFieldMessage } from '../intake/field-issues';
import {
  emptyLine,
  lineDraftFrom,
  parseLines,
  type LineDraft,
  type ParsedLine,
} from './line-drafts';
import { LinesEditor } from './LinesEditor';
import { TotalsTable } from './TotalsTable';
import { useVatRates } from './useVatRates';

interface Props {
  order: OrderDetail;
  opened: boolean;
  onClose: () => void;
  onHandedOver: (record: HandOverRecord) => void;
}

const noTotals = { lines: [], perRate: [], net: 0, vat: 0, gross: 0 };

/** The amount due as the desk will compute it; absurd amounts preview as nothing (the desk refuses them). */
function previewTotals(lines: ParsedLine[]) {
  try {
    return computeTotals(lines.map((l) => ({ ...l, free: l.underWarrantyClaim })));
  } catch {
    return noTotals;
  }
}

/** The lines the customer agreed to: the approved estimate's, else none (a test-only visit). */
async function agreedLines(orderId: string, digits: number): Promise<LineDraft[]> {
  const estimates = await api.listEstimates({ orderId });
  if (!estimates.ok) return [];
  const approved = estimates.value.find((e) => e.state === 'approved');
  return approved ? approved.lines.map((line) => lineDraftFrom(line, digits)) : [];
}

/**
 * Hand-over: final lines with VAT, payments split across cash and card after the deposit,
 * which must add up to the amount due; then the order closes and the warranty slip prints.
 */
export function HandOverDialog({ order, opened, onClose, onHandedOver }: Props) {
  const { t } = useTranslation(['orderPage', 'errors']);
  const format = useSiteFormat();
  const digits = useCurrencyDigits();
  const vatRates = useVatRates();
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [cash, setCash] = useState('');
  const [card, setCard] = useState('');
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const message = useFieldMessage(issuesByPath(issues));

  // A device back without its repair done is charged the diagnosis fee agreed at intake, if any,
  // and gets no warranty slip: there is no work to cover.
  const unrepaired = returnedUnrepaired(order.events.filter((e) => e.kind === 'status'));
  const diagnosisLine = t('handOver.diagnosisLine');
  const defaultRate = vatRates[0]?.rateBp;
  useEffect(() => {
    if (!opened) return;
    if (!unrepaired) {
      void agreedLines(order.id, digits).then(setLines);
      return;
    }
    if (order.diagnosisFee <= 0 || defaultRate === undefined) return setLines([]);
    setLines([
      lineDraftFrom(
        {
          kind: 'fee',
          description: diagnosisLine,
          quantityMilli: 1000,
          // The fee told at intake is what the customer pays, VAT included (as the receipt
          // prints it and as the pre-authorised amount is compared with an estimate's total).
          unitPrice: netForGross(order.diagnosisFee, defaultRate),
          vatRateBp: defaultRate,
          warrantyMonths: 0,
        },
        digits,
      ),
    ]);
  }, [opened, order.id, digits, unrepaired, order.diagnosisFee, diagnosisLine, defaultRate]);

  const parsed = useMemo(() => parseLines(lines, digits), [lines, digits]);
  const totals = useMemo(() => previewTotals(parsed.lines), [parsed]);
  const depositApplied = Math.min(order.deposit, totals.gross);
  const amountDue = totals.gross - depositApplied;
  const payments = [
    { method: 'cash' as const, amount: cash.trim() ? parseMoney(cash, digits) : 0 },
    { method: 'card' as const, amount: card.trim() ? parseMoney(card, digits) : 0 },
  ];
  const paid = payments.reduce((sum, p) => sum + (p.amount ?? 0), 0);

  const submit = async () => {
    const paymentIssues: FieldIssue[] = payments.flatMap((p) =>
      p.amount === null ? [{ path: `payments.${p.method}`, code: 'invalid_amount' }] : [],
    );
    setIssues([...parsed.issues, ...paymentIssues]);
    setError(null);
    if (parsed.issues.length || paymentIssues.length) return;
    if (paid !== amountDue)
      return setError({
        code: 'payments_mismatch',
        params: { due: format.money(amountDue), paid: format.money(paid) },
      });
    setSaving(true);
    const result = await api.handOver({
      orderId: order.id,
      expectedStatus: order.status,
      lines: parsed.lines,
      payments: payments.flatMap((p) => (p.amount ? [{ method: p.method, amount: p.amount }] : [])),
      termsVersion: currentLegalVersion,
      note,
    });
    setSaving(false);
    if (!result.ok) {
      setIssues(result.error.issues ?? []);
      return setError(result.error);
    }
    onHandedOver(result.value);
  };

  return (
    <DialogModal opened={opened} onClose={onClose} title={t('handOver.title')} size="100%">
      <Stack>
        <LinesEditor
          lines={lines}
          onChange={setLines}
          vatRates={vatRates}
          message={message}
          warrantyClaim={order.warrantyClaim !== null}
          newLine={unrepaired ? (rate) => ({ ...emptyLine(rate), warrantyMonths: '0' }) : undefined}
        />
        <TotalsTable totals={totals} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Text>
            {t('handOver.deposit')}: <b>{format.money(depositApplied)}</b>
          </Text>
          <Text>
            {t('handOver.amountDue')}: <b data-testid="amount-due">{format.money(amountDue)}</b>
          </Text>
          <Text c={paid === amountDue ? 'green.9' : 'red.9'}>
            {t('handOver.paid')}: <b>{format.money(paid)}</b>
          </Text>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <MoneyInput
            label={t('handOver.cash')}
            value={cash}
            onChange={setCash}
            error={message('payments.cash')}
          />
          <MoneyInput
            label={t('handOver.card')}
            value={card}
            onChange={setCard}
            error={message('payments.card')}
          />
          <TextInput
            label={t('handOver.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        </SimpleGrid>
        {unrepaired && <Alert color="blue">{t('handOver.unrepaired')}</Alert>}
        {lines.length === 0 && !unrepaired && <Alert color="blue">{t('handOver.noLines')}</Alert>}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button loading={saving} onClick={() => void submit()}>
            {unrepaired ? t('handOver.confirmUnrepaired') : t('handOver.confirm')}
          </Button>
        </Group>
      </Stack>
    </DialogModal>
  );
}
