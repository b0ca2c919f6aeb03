import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../core/contract/orders';
import { useSiteFormat } from '../../desk/site-format';

type OrderEvent = OrderDetail['events'][number];

export function OrderTimeline({ events }: { events: OrderEvent[] }) {
  const { t } = useTranslation(['orders', 'common']);
  const format = useSiteFormat();
  const describe = (event: OrderEvent) => {
    if (event.kind !== 'status' || !event.toStatus)
      return t('order.eventOther', { kind: event.kind });
    const to = t(`common:status.${event.toStatus}`);
    return event.fromStatus
      ? t('order.eventStatus', { from: t(`common:status.${event.fromStatus}`), to })
      : t('order.eventStatusFirst', { to });
  };
  return (
    <Timeline active={events.length - 1} bulletSize={14} lineWidth={2}>
      {events.map((event) => (
        <Timeline.Item key={event.id} title={describe(event)}>
          <Text size="xs" c="dimmed">
            {format.dateTime(event.at)}
            {event.userName ? ` · ${t('order.by', { name: event.userName })}` : ''}
          </Text>
          {event.reason && <Text size="sm">{event.reason}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
