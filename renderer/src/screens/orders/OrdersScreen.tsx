import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ListOrdersInput, OrderSummary } from '../../../../core/contract/orders';
import type { AppError } from '../../../../core/contract/errors';
import { orderStatuses, type OrderStatus } from '../../../../core/orders/workflow';
import { api } from '../../api';
import { useSearchNarrowed, useSyncedAt } from '../../sync/SyncStatusContext';
import { OrdersTable, type Sort, type SortField } from './OrdersTable';

export const pageSize = 50;
const sortFields: readonly SortField[] = [
  'number',
  'createdAt',
  'customerName',
  'status',
  'promisedOn',
];

interface Page {
  items: OrderSummary[];
  total: number;
  totalCapped: boolean;
  hasMore: boolean;
}

/** The list's state lives in the address (q, status, sort, dir, page) so Back restores it. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const field = params.get('sort');
  const sort: Sort = {
    field: sortFields.includes(field as SortField) ? (field as SortField) : 'createdAt',
    direction: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
  const statusParam = params.get('status');
  const status = orderStatuses.includes(statusParam as OrderStatus)
    ? (statusParam as OrderStatus)
    : null;
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  return { q: params.get('q') ?? '', status, sort, page, update };
}

export function OrdersScreen() {
  const { t } = useTranslation(['orders', 'common', 'errors']);
  const { q, status, sort, page, update } = useListParams();
  const [term, setTerm] = useState(q);
  const [debouncedTerm] = useDebouncedValue(term, 250);
  const [result, setResult] = useState<Page | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // Orders pulled from the head office appear without a reload.
  const syncedAt = useSyncedAt();
  const narrowed = useSearchNarrowed();

  useEffect(() => setTerm(q), [q]);
  useEffect(() => {
    if (debouncedTerm.trim() !== q) update({ q: debouncedTerm.trim(), page: null });
    // Only a settled search term changes the address.
  }, [debouncedTerm]);

  useEffect(() => {
    let current = true;
    const input: ListOrdersInput = {
      sort,
      page: { offset: page * pageSize, limit: pageSize },
      ...(q ? { search: q } : {}),
      ...(status ? { statuses: [status] } : {}),
    };
    void api.listOrders(input).then((response) => {
      if (!current) return;
      if (response.ok) {
        setResult(response.value);
        setError(null);
      } else setError(response.error);
    });
    return () => {
      current = false;
    };
    // Asked again when search narrows or widens: its matches change with it.
  }, [q, status, sort.field, sort.direction, page, syncedAt, narrowed]);

  const from = result && result.items.length > 0 ? page * pageSize + 1 : 0;
  const to = result ? page * pageSize + result.items.length : 0;

  return (
    <Stack gap="sm">
      <Title order={1}>{t('title')}</Title>
      <Group align="end" gap="md">
        <TextInput
          label={t('search')}
          placeholder={t('searchPlaceholder')}
          description={narrowed ? t('searchNarrowed') : undefined}
          type="search"
          value={term}
          onChange={(event) => setTerm(event.currentTarget.value)}
          w={360}
        />
        <NativeSelect
          label={t('statusFilter')}
          value={status ?? ''}
          onChange={(event) => update({ status: event.currentTarget.value || null, page: null })}
          data={[
            { value: '', label: t('allStatuses') },
            ...orderStatuses.map((s) => ({ value: s, label: t(`common:status.${s}`) })),
          ]}
          w={240}
        />
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {t(`errors:errors.${error.code}`)}
        </Alert>
      )}
      {result && (
        <>
          <OrdersTable
            orders={result.items}
            sort={sort}
            onSort={(next) => update({ sort: next.field, dir: next.direction, page: null })}
            caption={t('title')}
          />
          {result.items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
          <Group justify="space-between" role="navigation" aria-label={t('pages')}>
            <Text size="sm" data-testid="orders-range">
              {t(result.totalCapped ? 'rangeCapped' : 'range', { from, to, total: result.total })}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                disabled={page === 0}
                onClick={() => update({ page: page > 1 ? String(page - 1) : null })}
              >
                {t('previous')}
              </Button>
              <Button
                variant="default"
                disabled={!result.hasMore}
                onClick={() => update({ page: String(page + 1) })}
              >
                {t('next')}
              </Button>
            </Group>
          </Group>
        </>
      )}
    </Stack>
  );
}
