import {
  Alert,
  Anchor,
  Button,
  Card,
  Drawer,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import { Link } from 'react-router';
import type { RejectedChange, SyncStatus } from '../../../core/contract/sync';
import type { z } from 'zod';
import { api } from '../api';
import { useDesk } from '../desk/DeskContext';
import { useSiteFormat } from '../desk/site-format';
import { ReenrolForm } from './ReenrolForm';
import { changeKey, refusalTexts } from '../../../core/sync/refusal-texts';
import {
  clockOffBy,
  clockOffsetAmount,
  relativeTime,
  syncProblemKey,
  syncStateOf,
} from './sync-state';

type Rejected = z.infer<typeof RejectedChange>;

/**
 * Revoked, restored from a backup the head office has moved past, or the head office restored
 * from a backup this desk has moved past: a new code sets it right.
 */
const reenrolOn = new Set([
  'unauthenticated',
  'push_seq_mismatch',
  'push_gap',
  'pull_cursor_ahead',
]);

/** Why marking failed, translated, where the person clicked. */
function Failure({ error }: { error: AppError | null }) {
  const { t } = useTranslation('errors');
  if (!error) return null;
  return (
    <Text size="sm" c="red.8" role="alert">
      {t(`errors.${error.code}`, error.params ?? {})}
    </Text>
  );
}

/**
 * Once someone acted on the reason (called the head office, redid the step), the refusal is
 * marked dealt with: it stays listed with who and when, and leaves the top bar's red count.
 */
function HandledControl({ change }: { change: Rejected }) {
  const { t } = useTranslation('sync');
  const format = useSiteFormat();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  if (change.handledAt !== null)
    return (
      <Text size="sm" c="dimmed">
        {t('details.handled', {
          name: change.handledBy ?? '—',
          when: format.dateTime(change.handledAt),
        })}
      </Text>
    );
  const mark = async () => {
    setBusy(true);
    setFailure(null);
    const result = await api.markRejectionHandled({ mutationId: change.mutationId });
    setBusy(false);
    if (!result.ok) setFailure(result.error);
  };
  return (
    <Group gap="sm" align="center">
      <Button size="xs" variant="light" loading={busy} onClick={() => void mark()}>
        {t('details.markHandled')}
      </Button>
      <Failure error={failure} />
    </Group>
  );
}

/**
 * After a desk was restored from an old backup, or a morning offline, dozens of refusals can share
 * one reason: once acted on, they are marked together, after a confirmation (it is done in the
 * person's name and cannot be undone). Only those listed are marked; any beyond the list are
 * counted, and listed once these leave.
 */
function BulkHandled({ listed, unhandled }: { listed: Rejected[]; unhandled: number }) {
  const { t } = useTranslation('sync');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const pending = listed.filter((change) => change.handledAt === null);
  const notListed = unhandled - pending.length;
  if (pending.length < 2 && notListed <= 0) return null;
  const mark = async () => {
    setBusy(true);
    setFailure(null);
    const result = await api.markRejectionsHandled({
      mutationIds: pending.map((change) => change.mutationId),
    });
    setBusy(false);
    setConfirming(false);
    if (!result.ok) setFailure(result.error);
  };
  return (
    <Stack gap="xs">
      {notListed > 0 && (
        <Text size="sm" c="dimmed" data-testid="sync-rejections-not-listed">
          {t('details.notListed', { count: notListed })}
        </Text>
      )}
      {pending.length >= 2 &&
        (confirming ? (
          <Alert color="yellow" variant="light">
            <Stack gap="xs">
              <Text size="sm">{t('details.markAllConfirm', { count: pending.length })}</Text>
              <Group gap="sm">
                <Button size="xs" loading={busy} onClick={() => void mark()} autoFocus>
                  {t('details.markAllYes')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                  {t('details.cancel')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group>
            <Button size="xs" variant="light" onClick={() => setConfirming(true)}>
              {t('details.markAllHandled', { count: pending.length })}
            </Button>
          </Group>
        ))}
      <Failure error={failure} />
    </Stack>
  );
}

/** Where the thing a refused change was about is looked at and changed again. */
function subjectLink(subject: NonNullable<Rejected['subject']>): string {
  // The site the change was about, which at the head office need not be this desk's own.
  if (subject.kind === 'site')
    return subject.id ? `/settings/site?site=${encodeURIComponent(subject.id)}` : '/settings/site';
  // A customer is found through their orders (the search covers names).
  const screen = subject.kind === 'customer' ? 'orders' : 'stock';
  return `/${screen}?q=${encodeURIComponent(subject.label)}`;
}

function Rejection({ change }: { change: Rejected }) {
  const { t, i18n } = useTranslation(['sync', 'common']);
  const { key: texts, values: params } = refusalTexts(
    change,
    (key) => i18n.exists(`sync:${key}`),
    (status) => t(`common:status.${status}`),
  );
  // In the site's wall clock and format, as the orders and the command line say it.
  const when = useSiteFormat().dateTime(change.clientAt);
  return (
    <Card
      withBorder
      padding="sm"
      component="li"
      data-testid="sync-rejection"
      data-handled={change.handledAt !== null}
      bg={change.handledAt !== null ? 'gray.0' : undefined}
    >
      <Text fw={600}>
        {t(`change.${changeKey(change.name)}`, { defaultValue: t('change.other') })}
        {change.orderNumber && (
          <>
            {' · '}
            <Anchor component={Link} to={`/orders?q=${encodeURIComponent(change.orderNumber)}`}>
              {t('details.order', { number: change.orderNumber })}
            </Anchor>
          </>
        )}
        {change.subject && (
          <>
            {' · '}
            {change.subject.kind === 'person' ? (
              t('details.subject.person', { label: change.subject.label })
            ) : (
              <Anchor component={Link} to={subjectLink(change.subject)}>
                {t(`details.subject.${change.subject.kind}`, { label: change.subject.label })}
              </Anchor>
            )}
          </>
        )}
        <Text span c="dimmed" size="sm">
          {' · '}
          {when}
        </Text>
      </Text>
      <Text size="sm">{t(`${texts}.reason`, params)}</Text>
      <Text size="sm">
        <Text span fw={600}>
          {t('details.whatToDo')}:{' '}
        </Text>
        {t(`${texts}.action`, params)}
      </Text>
      <HandledControl change={change} />
    </Card>
  );
}

/** Everything about replication, with each refused change, its reason and what to do. */
export default function SyncDetails({
  status,
  readAt,
  onClose,
}: {
  status: SyncStatus;
  readAt: number;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation(['sync', 'common']);
  const { site } = useDesk();
  // Once enrolled again, the form stays with its confirmation while the drawer is open, although
  // the error that brought it clears at the next round.
  const [reenrolled, setReenrolled] = useState(false);
  const state = syncStateOf(status);
  const at = (ms: number | null) =>
    ms === null
      ? t('never')
      : `${new Intl.DateTimeFormat(site.locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: site.timezone }).format(ms)} (${relativeTime(ms, readAt, i18n.language)})`;
  const problem =
    status.lastError && state !== 'online'
      ? t(`error.${syncProblemKey(status.lastError)}`, { code: status.lastError })
      : null;
  const clockOff = clockOffBy(status);
  const offset = status.clockOffsetMs;
  // Positive: the head office's clock is ahead, this one behind.
  const clock =
    offset === null
      ? null
      : clockOff === null
        ? t('details.clock.inStep')
        : t(offset > 0 ? 'details.clock.behindShort' : 'details.clock.aheadShort', {
            amount: clockOffsetAmount(offset, i18n.language),
          });
  const rows: [string, string][] = [
    [t('details.server'), status.serverUrl ?? '—'],
    [t('details.deskId'), status.deskId ?? '—'],
    [t('details.lastSuccess'), at(status.lastSuccessAt)],
    [t('details.lastAttempt'), at(status.lastAttemptAt)],
    [t('details.waiting'), String(status.waiting)],
    ...(status.remaining > 0
      ? ([[t('details.remaining'), String(status.remaining)]] as [string, string][])
      : []),
    ...(clock ? ([[t('details.clock.row'), clock]] as [string, string][]) : []),
  ];
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="md"
      title={t('details.title')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack gap="md">
        {state === 'offline' && <Alert color="orange">{t('details.offlineHint')}</Alert>}
        {state === 'updateRequired' && <Alert color="red">{t('details.updateRequiredHint')}</Alert>}
        {status.redownloading && (
          <Alert color="blue" data-testid="sync-redownloading">
            {t('details.redownloading')}
          </Alert>
        )}
        {clockOff !== null && (
          <Alert color="yellow" title={t('details.clock.title')} data-testid="sync-clock-off">
            <Text size="sm">
              {t(clockOff > 0 ? 'details.clock.behind' : 'details.clock.ahead', {
                amount: clockOffsetAmount(clockOff, i18n.language),
              })}
            </Text>
            <Text size="sm">{t('details.clock.action')}</Text>
          </Alert>
        )}
        {problem && state !== 'offline' && (
          <Alert color="red" title={t('details.problem')}>
            {problem}
          </Alert>
        )}
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" fw={500}>
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {(reenrolOn.has(status.lastError ?? '') || reenrolled) && (
          <ReenrolForm waiting={status.waiting} onEnrolled={() => setReenrolled(true)} />
        )}
        <Title order={2} size="h4">
          {t('details.rejectedTitle')}
        </Title>
        {status.rejected.length === 0 ? (
          <Text c="dimmed">{t('details.noRejections')}</Text>
        ) : (
          <>
            <BulkHandled listed={status.rejected} unhandled={status.unhandled} />
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
              {status.rejected.map((change) => (
                <Rejection key={change.mutationId} change={change} />
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Drawer>
  );
}
