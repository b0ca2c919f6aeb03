import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../format/phone';
import { Link, useNavigate } from 'react-router';
import type { OrderSummary } from '../../../../core/contract/orders';
import { StatusBadge } from '../../components/StatusBadge';
import { useSiteFormat } from '../../desk/site-format';

export type SortField = 'number' | 'createdAt' | 'customerName' | 'status' | 'promisedOn';
export interface Sort {
  field: SortField;
  direction: 'asc' | 'desc';
}

interface Column {
  key: 'number' | 'createdAt' | 'customer' | 'device' | 'status' | 'promisedOn';
  sortField?: SortField;
}

const columns: Column[] = [
  { key: 'number', sortField: 'number' },
  { key: 'createdAt', sortField: 'createdAt' },
  { key: 'customer', sortField: 'customerName' },
  { key: 'device' },
  { key: 'status', sortField: 'status' },
  { key: 'promisedOn', sortField: 'promisedOn' },
];

interface Props {
  orders: OrderSummary[];
  /** Without it the headers are plain (the reception's recent orders). */
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  caption: string;
}

function SortableHeader({
  label,
  column,
  sort,
  onSort,
}: { label: string; column: Column } & Pick<Props, 'sort' | 'onSort'>) {
  const { t } = useTranslation('orders');
  if (!column.sortField || !sort || !onSort) return <Table.Th>{label}</Table.Th>;
  const field = column.sortField;
  const active = sort.field === field;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  const next = active && sort.direction === 'desc' ? 'asc' : 'desc';
  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton
        onClick={() =>
          onSort({ field, direction: active ? next : field === 'createdAt' ? 'desc' : 'asc' })
        }
        title={t('sortBy', { column: label })}
        fw={700}
        fz="sm"
      >
        {label} {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

/** A dense table of orders; a click anywhere on a row, or Enter on its number, opens the order. */
export function OrdersTable({ orders, sort, onSort, caption }: Props) {
  const { t } = useTranslation(['orders', 'common']);
  const navigate = useNavigate();
  const format = useSiteFormat();
  return (
    <Table striped highlightOnHover verticalSpacing={6} fz="sm" stickyHeader>
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }} className="visually-hidden">
        {caption}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <SortableHeader
              key={column.key}
              label={t(`columns.${column.key}`)}
              column={column}
              sort={sort}
              onSort={onSort}
            />
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orders.map((order) => (
          <Table.Tr
            key={order.id}
            className="order-row"
            onClick={() => void navigate(`/orders/${order.id}`)}
          >
            <Table.Td>
              <Anchor component={Link} to={`/orders/${order.id}`} ff="monospace" fz="sm">
                {order.number}
              </Anchor>
            </Table.Td>
            <Table.Td>{format.dateTime(order.createdAt)}</Table.Td>
            <Table.Td>
              <Text fz="sm">{order.customerName}</Text>
              <Text fz="xs" c="dimmed">
                {displayPhone(order.customerPhone)}
              </Text>
            </Table.Td>
            <Table.Td>
              {order.deviceBrand} {order.deviceModel}
              <Text fz="xs" c="dimmed">
                {t(`common:category.${order.deviceCategory}`)}
                {order.deviceSerial ? ` · ${order.deviceSerial}` : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={order.status} />
            </Table.Td>
            <Table.Td>
              {order.promisedOn ? format.isoDate(order.promisedOn) : t('common:dash')}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
