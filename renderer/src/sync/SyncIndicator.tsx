import { Badge, Box, Button, Group, Text } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { DialogModal } from '../components/DialogModal';
import { JoinHeadOfficeForm } from './JoinHeadOfficeForm';
import { useSyncStatus } from './SyncStatusContext';
import { clockOffBy, relativeTime, syncStateColor, syncStateOf } from './sync-state';

const SyncDetails = lazy(() => import('./SyncDetails'));

/**
 * The top bar's replication state, always in view: online or not, when the last sync worked,
 * how many changes wait, and how many the head office refused that no one has dealt with yet.
 * A click opens the details.
 */
export function SyncIndicator() {
  const { t, i18n } = useTranslation('sync');
  const { status, readAt } = useSyncStatus();
  const [open, setOpen] = useState(false);
  const isAdmin = useAuth().user.roles.includes('admin');
  if (!status) return null;
  const state = syncStateOf(status);
  if (state === 'standalone' && isAdmin)
    return (
      <>
        <Button
          variant="default"
          onClick={() => setOpen(true)}
          title={t('standaloneHint')}
          aria-label={`${t('label')}: ${t('state.standalone')}. ${t('join.open')}`}
        >
          {t('state.standalone')}
        </Button>
        <DialogModal opened={open} onClose={() => setOpen(false)} title={t('join.title')}>
          <JoinHeadOfficeForm />
        </DialogModal>
      </>
    );
  if (state === 'standalone')
    return (
      <Badge
        variant="outline"
        tt="none"
        color="gray.8"
        size="lg"
        title={t('standaloneHint')}
        aria-label={`${t('label')}: ${t('state.standalone')}`}
      >
        {t('state.standalone')}
      </Badge>
    );

  const parts = [
    t(`state.${state}`),
    status.lastSuccessAt
      ? t('lastSync', {
          when: relativeTime(status.lastSuccessAt, readAt, i18n.language, 'short'),
        })
      : t('never'),
    ...(status.remaining > 0 ? [t('toDownload', { count: status.remaining })] : []),
    ...(status.waiting > 0 ? [t('waiting', { count: status.waiting })] : []),
  ];
  // Refusals someone already dealt with stay in the drawer, not in the red count.
  const refused = status.unhandled;
  // Receipts print this computer's clock: a wrong one is said in the bar, not only the drawer.
  const clockOff = clockOffBy(status) !== null;
  // The accessible name holds the visible text as it reads (WCAG 2.5.3, label in name): the
  // parts, then the badges after a space.
  const summary = [
    parts.join(' · '),
    ...(clockOff ? [t('clockOff')] : []),
    ...(refused ? [t('refused', { count: refused })] : []),
  ].join(' ');
  return (
    <>
      <Button
        variant="default"
        onClick={() => setOpen(true)}
        aria-label={`${t('label')}: ${summary}. ${t('openDetails')}`}
        data-testid="sync-indicator"
        data-sync-state={state}
        px="sm"
      >
        <Group gap={8} wrap="nowrap">
          <Box
            aria-hidden
            w={10}
            h={10}
            bg={`${syncStateColor[state]}.7`}
            style={{ borderRadius: '50%', flex: 'none' }}
          />
          <Text size="sm" fw={500} span>
            {parts.join(' · ')}
          </Text>
          {clockOff && (
            <>
              {' '}
              <Badge color="yellow.5" c="dark.9" variant="filled" tt="none">
                {t('clockOff')}
              </Badge>
            </>
          )}
          {refused > 0 && (
            <>
              {' '}
              <Badge color="red.8" variant="filled" tt="none">
                {t('refused', { count: refused })}
              </Badge>
            </>
          )}
        </Group>
      </Button>
      {open && (
        <Suspense fallback={null}>
          <SyncDetails status={status} readAt={readAt} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
