import { Button, Group, Stack, Textarea } from '@mantine/core';
import { DialogModal } from '../../components/DialogModal';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../core/contract/errors';
import type { OrderDetail } from '../../../../core/contract/orders';
import { allowedTransitions, type OrderStatus } from '../../../../core/orders/workflow';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Moves that carry more than a reason happen on their own tab or dialog. */
const elsewhere: Partial<Record<OrderStatus, 'estimate' | 'handOver'>> = {
  awaiting_approval: 'estimate',
  approved: 'estimate',
  declined: 'estimate',
  handed_over: 'handOver',
};

/** Sending to a workshop needs one chosen; without a workshop on the order it is not offered here. */
const needsWorkshop: readonly OrderStatus[] = ['in_transit_to_workshop', 'at_workshop'];

interface Props {
  order: OrderDetail;
  onChanged: (order: OrderDetail) => void;
  onEstimate: () => void;
  onHandOver: () => void;
}

/** The next steps the workflow table allows from the current status; nothing else is offered. */
export function StatusActions({ order, onChanged, onEstimate, onHandOver }: Props) {
  const { t } = useTranslation(['orderPage', 'common']);
  const [target, setTarget] = useState<OrderStatus | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const next = allowedTransitions(order.status).filter(
    (to) => !needsWorkshop.includes(to) || order.workshopSiteId !== null,
  );

  const choose = (to: OrderStatus) => {
    const where = elsewhere[to];
    if (where === 'estimate') return onEstimate();
    if (where === 'handOver') return onHandOver();
    setError(null);
    setReason('');
    setTarget(to);
  };

  const confirm = async () => {
    if (!target) return;
    setSaving(true);
    const result = await api.changeStatus({
      orderId: order.id,
      to: target,
      expectedStatus: order.status,
      reason,
    });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setTarget(null);
    onChanged(result.value);
  };

  if (next.length === 0) return null;
  return (
    <>
      <Group gap="xs" role="group" aria-label={t('actions.title')}>
        {next.map((to) => (
          <Button
            key={to}
            variant={to === 'cancelled' ? 'default' : 'filled'}
            color={to === 'unrepairable' ? 'red' : undefined}
            c={to === 'cancelled' ? 'red.9' : undefined}
            onClick={() => choose(to)}
          >
            {t('actions.moveTo', { status: t(`common:status.${to}`) })}
          </Button>
        ))}
      </Group>
      <DialogModal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t('actions.moveTo', { status: t(`common:status.${target}`) }) : ''}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <Stack>
            <Textarea
              label={t('actions.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void confirm();
              }}
              data-autofocus
              autosize
              minRows={2}
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTarget(null)}>
                {t('cancel')}
              </Button>
              <Button type="submit" loading={saving}>
                {t('actions.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogModal>
    </>
  );
}
