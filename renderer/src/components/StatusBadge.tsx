import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../../core/orders/workflow';

/** Colour groups the statuses; the text always says which one (never colour alone). */
const statusColour: Record<OrderStatus, string> = {
  received: 'blue',
  in_transit_to_workshop: 'cyan',
  at_workshop: 'indigo',
  diagnosed: 'indigo',
  awaiting_approval: 'orange',
  approved: 'teal',
  declined: 'red',
  awaiting_parts: 'orange',
  in_repair: 'violet',
  repaired: 'teal',
  in_transit_to_desk: 'cyan',
  ready_for_pickup: 'green',
  handed_over: 'gray',
  cancelled: 'gray',
  unrepairable: 'red',
  unclaimed: 'grape',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('common');
  return (
    <Badge
      color={statusColour[status]}
      // Black text on the light tint: the tint says the group, the text keeps AA contrast.
      styles={{ label: { color: 'var(--mantine-color-black)' } }}
      variant="light"
      radius="sm"
      tt="none"
      fw={600}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
