import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import { approvalChannels, type Estimate } from '../../../../core/contract/estimates';
import type { OrderDetail } from '../../../../core/contract/orders';
import { mayWorkOn } from '../../../../core/orders/custody';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSiteFormat } from '../../desk/site-format';
import { useCurrencyDigits } from '../../money/useCurrencyDigits';
import { issuesByPath, useFieldMessage } from '../intake/field-issues';
import { emptyLine, parseLines, type LineDraft } from './line-drafts';
import { LinesEditor } from './LinesEditor';
import { LinesTable } from './LinesTable';
import { TotalsTable } from './TotalsTable';
import { useVatRates } from './useVatRates';

type Channel = (typeof approvalChannels)[number];

function ApprovalForm({ estimate, onAnswered }: { estimate: Estimate; onAnswered: () => void }) {
  const { t } = useTranslation('orderPage');
  const [via, setVia] = useState<Channel>('phone');
  const [note, setNote] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const answer = async (decision: 'approved' | 'declined') => {
    const result = await api.recordApproval({
      estimateId: estimate.id,
      decision,
      via,
      at: Date.now(),
      note,
    });
    if (!result.ok) return setError(result.error);
    onAnswered();
  };
  return (
    <Stack gap="xs">
      <ErrorAlert error={error} />
      <Group align="flex-end">
        <NativeSelect
          label={t('estimate.via')}
          value={via}
          onChange={(e) => setVia(e.currentTarget.value as Channel)}
          data={approvalChannels.map((c) => ({ value: c, label: t(`estimate.channels.${c}`) }))}
        />
        <TextInput
          label={t('estimate.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Button color="green" onClick={() => void answer('approved')}>
          {t('estimate.approve')}
        </Button>
        <Button variant="default" c="red.9" onClick={() => void answer('declined')}>
          {t('estimate.decline')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * An estimate waiting for the customer, against what they pre-authorised at intake: over it
 * they must be called; within it the call is not needed. Nothing when no amount was agreed.
 */
function PreauthorisedNote({ estimate, amount }: { estimate: Estimate; amount: number }) {
  const { t } = useTranslation('orderPage');
  const format = useSiteFormat();
  if (amount <= 0) return null;
  const over = estimate.totals.gross > amount;
  const values = { total: format.money(estimate.totals.gross), amount: format.money(amount) };
  return (
    <Alert color={over ? 'orange' : 'green'} variant="light" p="xs" data-testid="preauthorised">
      <Text size="sm">
        {over ? t('estimate.overPreauthorised', values) : t('estimate.withinPreauthorised', values)}
      </Text>
    </Alert>
  );
}

function EstimateCard({
  estimate,
  preauthorised,
  onAnswered,
  mayAnswer,
}: {
  estimate: Estimate;
  preauthorised: number;
  onAnswered: () => void;
  /** Whether this desk records the customer's answer: the intake desk, which talks to them. */
  mayAnswer: boolean;
}) {
  const { t } = useTranslation('orderPage');
  const format = useSiteFormat();
  const stateColour = { pending: 'orange', approved: 'green', declined: 'red' }[estimate.state];
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm">{t('estimate.madeAt', { at: format.dateTime(estimate.createdAt) })}</Text>
          <Badge
            color={stateColour}
            styles={{ label: { color: 'var(--mantine-color-black)' } }}
            variant="light"
            tt="none"
          >
            {t(`estimate.states.${estimate.state}`)}
          </Badge>
        </Group>
        <LinesTable lines={estimate.lines} label={t('estimate.lines')} />
        <TotalsTable totals={estimate.totals} />
        {estimate.state !== 'pending' && estimate.answeredAt !== null && (
          <Text size="sm">
            {t('estimate.answer', {
              state: t(`estimate.states.${estimate.state}`),
              via: t(`estimate.channels.${estimate.answeredVia ?? 'phone'}`),
              at: format.dateTime(estimate.answeredAt),
              name: estimate.answeredByName ?? '',
            })}
            {estimate.note ? ` — ${estimate.note}` : ''}
          </Text>
        )}
        {estimate.state === 'pending' && (
          <>
            {/* It tells the counter whether to call the customer: the workshop does not. */}
            {mayAnswer && <PreauthorisedNote estimate={estimate} amount={preauthorised} />}
            {mayAnswer ? (
              <ApprovalForm estimate={estimate} onAnswered={onAnswered} />
            ) : (
              <Text size="sm" c="dimmed">
                {t('estimate.answeredElsewhere')}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The estimate and the customer's answer: price the repair, then record approved or declined. */
export function EstimateTab({
  order,
  siteId,
  holder,
  onChanged,
}: {
  order: OrderDetail;
  /** This desk's site: the estimate is priced where the device is. */
  siteId: string;
  /** Who holds the device, as the header names it; undefined when this desk does not know it. */
  holder: string | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation('orderPage');
  const mayEstimate = mayWorkOn(siteId, order, 'awaiting_approval');
  const mayAnswer = mayWorkOn(siteId, order, 'approved');
  const format = useSiteFormat();
  const digits = useCurrencyDigits();
  const vatRates = useVatRates();
  const [estimates, setEstimates] = useState<Estimate[]>([]);
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const message = useFieldMessage(issuesByPath(issues));

  const load = useCallback(() => {
    void api.listEstimates({ orderId: order.id }).then((r) => r.ok && setEstimates(r.value));
  }, [order.id]);
  useEffect(load, [load, order.status]);
  useEffect(() => {
    if (vatRates.length && lines.length === 0) setLines([emptyLine(vatRates[0]!.rateBp)]);
  }, [vatRates, lines.length]);

  const send = async () => {
    const parsed = parseLines(lines, digits);
    setIssues(parsed.issues);
    setError(null);
    if (parsed.issues.length) return;
    const result = await api.saveEstimate({
      orderId: order.id,
      lines: parsed.lines.map(({ underWarrantyClaim: _, ...line }) => line),
    });
    if (!result.ok) {
      setIssues(result.error.issues ?? []);
      return setError(result.error);
    }
    onChanged();
  };

  const answered = () => {
    load();
    onChanged();
  };
  return (
    <Stack>
      {order.status === 'diagnosed' && !mayEstimate && (
        <Text c="dimmed">
          {holder
            ? t('estimate.pricedElsewhere', { holder })
            : t('estimate.pricedElsewhereUnknown')}
        </Text>
      )}
      {order.status === 'diagnosed' && mayEstimate && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('estimate.new')}
            </Title>
            {order.preauthorisedAmount > 0 && (
              <Text size="sm">
                {t('estimate.preauthorised', { amount: format.money(order.preauthorisedAmount) })}
              </Text>
            )}
            <ErrorAlert error={error} />
            <LinesEditor lines={lines} onChange={setLines} vatRates={vatRates} message={message} />
            <Group justify="flex-end">
              <Button onClick={() => void send()}>{t('estimate.send')}</Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {estimates.length === 0 && order.status !== 'diagnosed' && (
        <Text c="dimmed">{t('estimate.none')}</Text>
      )}
      {estimates.map((estimate) => (
        <EstimateCard
          key={estimate.id}
          estimate={estimate}
          preauthorised={order.preauthorisedAmount}
          onAnswered={answered}
          mayAnswer={mayAnswer}
        />
      ))}
    </Stack>
  );
}
