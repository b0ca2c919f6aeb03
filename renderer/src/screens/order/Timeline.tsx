import { Text, Timeline as MantineTimeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isOrderEventKind } from '../../../../core/contract/order-events';
import type { OrderDetail } from '../../../../core/contract/orders';
import { useSiteFormat } from '../../desk/site-format';

type OrderEvent = OrderDetail['events'][number];

/** The order's history, oldest first: every status change with its reason, print and reminder. */
export function Timeline({ events }: { events: OrderEvent[] }) {
  const { t } = useTranslation(['orderPage', 'common', 'documents']);
  const format = useSiteFormat();
  const describe = (event: OrderEvent) => {
    if (event.kind === 'status' && event.toStatus) {
      const to = t(`common:status.${event.toStatus}`);
      return event.fromStatus
        ? t('timeline.status', { from: t(`common:status.${event.fromStatus}`), to })
        : t('timeline.statusFirst', { to });
    }
    if (event.kind === 'print' && typeof event.data?.document === 'string')
      return t(event.data.output === 'viewer' ? 'timeline.opened' : 'timeline.print', {
        document: t(`documents:document.${event.data.document}`),
        format: t(`documents:format.${String(event.data.format)}`),
      });
    if (event.kind === 'reminder' && typeof event.data?.channel === 'string')
      return t('timeline.reminder', { channel: t(`common:channel.${event.data.channel}`) });
    return isOrderEventKind(event.kind) ? t(`timeline.kind.${event.kind}`) : event.kind;
  };
  return (
    <MantineTimeline active={events.length - 1} bulletSize={14} lineWidth={2}>
      {events.map((event) => (
        <MantineTimeline.Item key={event.id} title={describe(event)}>
          <Text size="xs" c="dimmed">
            {format.dateTime(event.at)}
            {event.userName ? ` · ${t('timeline.by', { name: event.userName })}` : ''}
          </Text>
          {event.reason && <Text size="sm">{event.reason}</Text>}
        </MantineTimeline.Item>
      ))}
    </MantineTimeline>
  );
}
