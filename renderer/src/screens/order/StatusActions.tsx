import { Button, Group, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { DialogModal } from '../../components/DialogModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Workshop } from '../../../../core/contract/desk';
import type { AppError } from '../../../../core/contract/errors';
import type { OrderDetail } from '../../../../core/contract/orders';
import { mayTakeStep } from '../../../../core/orders/custody';
import {
  allowedTransitions,
  isWithdrawal,
  type OrderStatus,
} from '../../../../core/orders/workflow';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Moves that carry more than a reason happen on their own tab or dialog. */
const elsewhere: Partial<Record<OrderStatus, 'estimate' | 'handOver'>> = {
  awaiting_approval: 'estimate',
  approved: 'estimate',
  declined: 'estimate',
  handed_over: 'handOver',
};

/**
 * Sending to a workshop needs one chosen: the dialog offers the workshops the desk knows. Arrival
 * needs the workshop already on the order.
 */
const dispatch: OrderStatus = 'in_transit_to_workshop';
const arrival: OrderStatus = 'at_workshop';

/** The workshops a device can go to, loaded only when the order could be sent to one. */
function useWorkshops(wanted: boolean): Workshop[] {
  const [workshops, setWorkshops] = useState<Workshop[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void api.listWorkshops({}).then((result) => {
      if (live && result.ok) setWorkshops(result.value);
    });
    return () => {
      live = false;
    };
  }, [wanted]);
  return workshops;
}

interface Props {
  order: OrderDetail;
  /** This desk's site: a step that moves or works on the device is offered only where it holds it. */
  siteId: string;
  /** Who holds the device, as the header names it; undefined when this desk does not know the site. */
  holder: string | undefined;
  onChanged: (order: OrderDetail) => void;
  onEstimate: () => void;
  onHandOver: () => void;
}

/** The next steps the workflow table allows from the current status; nothing else is offered. */
export function StatusActions({ order, siteId, holder, onChanged, onEstimate, onHandOver }: Props) {
  const { t } = useTranslation(['orderPage', 'common', 'errors']);
  const [target, setTarget] = useState<OrderStatus | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const table = allowedTransitions(order.status);
  const allowed = table.filter((to) => mayTakeStep(siteId, order, to));
  const heldElsewhere = allowed.length < table.length;
  const workshops = useWorkshops(allowed.includes(dispatch));
  const [workshopId, setWorkshopId] = useState<string | null>(order.workshopSiteId);
  // The dialog starts on the workshop only when one is still to be chosen.
  const chooseWorkshop = target === dispatch && workshopId === null;
  // A customer who withdraws once the device has left gets it back: one action, then where it
  // goes (sent back to the counter, or already back there), with the customer's words.
  const withdrawals = allowed.filter((to) => isWithdrawal(order.status, to));
  const withdrawing = target !== null && withdrawals.includes(target);
  const next = allowed.filter((to) => {
    if (withdrawals.includes(to)) return false;
    if (to === dispatch) return order.workshopSiteId !== null || workshops.length > 0;
    if (to === arrival) return order.workshopSiteId !== null;
    return true;
  });
  const reasonIssue = error?.issues?.find((issue) => issue.path === 'reason');

  const choose = (to: OrderStatus) => {
    const where = elsewhere[to];
    if (where === 'estimate') return onEstimate();
    if (where === 'handOver') return onHandOver();
    setError(null);
    setReason('');
    setWorkshopId(order.workshopSiteId ?? (workshops.length === 1 ? workshops[0]!.id : null));
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
      ...(target === dispatch && workshopId ? { workshopSiteId: workshopId } : {}),
    });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setTarget(null);
    onChanged(result.value);
  };

  const elsewhereNote = heldElsewhere && (
    <Text size="sm" c="dimmed">
      {holder ? t('actions.heldElsewhere', { holder }) : t('actions.heldElsewhereUnknown')}
    </Text>
  );
  if (next.length === 0 && withdrawals.length === 0) return elsewhereNote || null;
  return (
    <>
      {elsewhereNote}
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
        {withdrawals.length > 0 && (
          <Button variant="default" c="red.9" onClick={() => choose(withdrawals[0]!)}>
            {t('actions.withdraw')}
          </Button>
        )}
      </Group>
      <DialogModal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={
          withdrawing
            ? t('actions.withdraw')
            : target
              ? t('actions.moveTo', { status: t(`common:status.${target}`) })
              : ''
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <Stack>
            {target === dispatch && (
              <Select
                label={t('actions.workshop')}
                data={workshops.map((w) => ({ value: w.id, label: `${w.name} (${w.code})` }))}
                value={workshopId}
                onChange={setWorkshopId}
                // Choosing the chosen workshop again keeps it (Mantine would clear it).
                allowDeselect={false}
                searchable
                data-autofocus={chooseWorkshop || undefined}
              />
            )}
            {withdrawing && <Text size="sm">{t('actions.withdrawHint')}</Text>}
            {withdrawing && withdrawals.length > 1 && (
              <Radio.Group
                label={t('actions.withdrawTo')}
                value={target}
                onChange={(value) => setTarget(value as OrderStatus)}
              >
                <Stack gap={4} mt={4}>
                  {withdrawals.map((to) => (
                    <Radio key={to} value={to} label={t(`actions.withdrawStep.${to}`)} />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            <Textarea
              label={withdrawing ? t('actions.withdrawReason') : t('actions.reason')}
              required={withdrawing}
              error={reasonIssue ? t(`errors:fields.${reasonIssue.code}`) : undefined}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void confirm();
              }}
              data-autofocus={!chooseWorkshop || undefined}
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
