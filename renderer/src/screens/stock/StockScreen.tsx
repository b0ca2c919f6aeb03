import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AppError } from '../../../../core/contract/errors';
import type { PartWithStock } from '../../../../core/contract/stock';
import { api } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useDesk } from '../../desk/DeskContext';
import { useSyncedAt } from '../../sync/SyncStatusContext';
import { PartFormDialog } from './PartFormDialog';
import { PartsTable } from './PartsTable';
import { stockPermissions, type PartAction, type StockPermissions } from './permissions';
import { StockHistoryDrawer } from './StockHistoryDrawer';
import { StockMoveDialog } from './StockMoveDialog';

/** What is open over the list: a form, a stock movement or a part's history. */
type Open = { what: 'new' } | { what: PartAction; part: PartWithStock } | null;

/** What the signed-in person may do here: by role, and the catalogue only at the head office. */
function useStockPermissions(): StockPermissions {
  const { user } = useAuth();
  const desk = useDesk();
  return stockPermissions(user.roles, desk.site.kind);
}

/** Parts & stock: the catalogue with this site's stock, deliveries, corrections and history. */
export function StockScreen() {
  const { t } = useTranslation('stock');
  const may = useStockPermissions();
  // `?q=` opens the screen on a part (the sync drawer links a refused change's part so).
  const [params] = useSearchParams();
  const asked = params.get('q') ?? '';
  const [term, setTerm] = useState(asked);
  useEffect(() => setTerm(asked), [asked]);
  const [debouncedTerm] = useDebouncedValue(term.trim(), 200);
  const [parts, setParts] = useState<PartWithStock[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [open, setOpen] = useState<Open>(null);
  // Parts the head office adds arrive by sync and appear without a reload.
  const syncedAt = useSyncedAt();

  const load = useCallback(async () => {
    const result = await api.listParts({ term: debouncedTerm, limit: 500 });
    if (!result.ok) return setError(result.error);
    setParts(result.value.parts);
    setError(null);
  }, [debouncedTerm]);
  useEffect(() => {
    void load();
  }, [load, syncedAt]);

  /** A saved part or movement: its row shows the answer at once, the list reloads behind. */
  const changed = (part: PartWithStock) => {
    setParts((rows) => rows?.map((row) => (row.id === part.id ? part : row)) ?? rows);
    void load();
  };

  const close = () => setOpen(null);
  const catalogueEmpty = parts !== null && parts.length === 0 && !debouncedTerm;

  return (
    <Stack gap="sm">
      <Title order={1}>{t('title')}</Title>
      <Group justify="space-between" align="end">
        <TextInput
          label={t('search')}
          placeholder={t('searchPlaceholder')}
          type="search"
          value={term}
          onChange={(event) => setTerm(event.currentTarget.value)}
          w={360}
        />
        {may.editCatalogue && (
          <Button onClick={() => setOpen({ what: 'new' })}>{t('newPart')}</Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      {catalogueEmpty && (
        <Paper withBorder p="lg" maw={720}>
          <Text fw={600} mb="xs">
            {t('empty.title')}
          </Text>
          <Text>{t(may.editCatalogue ? 'empty.manager' : 'empty.others')}</Text>
        </Paper>
      )}
      {parts !== null && !catalogueEmpty && (
        <>
          <PartsTable parts={parts} may={may} onAction={(what, part) => setOpen({ what, part })} />
          {parts.length === 0 && (
            <Text c="dimmed" role="status">
              {t('noMatch', { term: debouncedTerm })}
            </Text>
          )}
        </>
      )}
      {(open?.what === 'new' || open?.what === 'edit') && (
        <PartFormDialog
          key={open.what === 'edit' ? open.part.id : 'new'}
          part={open.what === 'edit' ? open.part : null}
          onClose={close}
          onSaved={(part) => {
            close();
            changed(part);
          }}
        />
      )}
      {(open?.what === 'receive' || open?.what === 'adjust') && (
        <StockMoveDialog
          key={`${open.what}-${open.part.id}`}
          mode={open.what}
          part={open.part}
          onClose={close}
          onMoved={(part) => {
            close();
            changed(part);
          }}
        />
      )}
      {open?.what === 'history' && <StockHistoryDrawer part={open.part} onClose={close} />}
    </Stack>
  );
}
