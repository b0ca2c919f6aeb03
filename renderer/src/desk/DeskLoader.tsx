import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskInfo } from '../../../core/contract/desk';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';
import { DeskContext, DeskRefreshContext } from './DeskContext';

/** How often the shell reads the desk's site and person again. */
const refreshMs = 60_000;

/** Asks the desk who and where it is before showing the shell, and again now and then. */
export function DeskLoader({ children }: { children: ReactNode }) {
  const { t } = useTranslation('errors');
  const [desk, setDesk] = useState<DeskInfo | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const result = await api.getDeskInfo({});
    if (result.ok) setDesk(result.value);
    else setError(result.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  /** A later read that fails keeps what the shell shows (the next one tries again). */
  const refresh = useCallback(() => {
    void api.getDeskInfo({}).then((result) => {
      if (!result.ok) return;
      setDesk((shown) =>
        shown && JSON.stringify(shown) === JSON.stringify(result.value) ? shown : result.value,
      );
    });
  }, []);

  useEffect(() => {
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [refresh]);

  if (error) {
    return (
      <Center h="100vh">
        <Stack maw={480}>
          <Alert color="red" title={t('title')} role="alert">
            {t(`errors.${error.code}`)}
          </Alert>
          <Button onClick={() => void load()}>{t('common:retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!desk) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  }
  return (
    <DeskRefreshContext.Provider value={refresh}>
      <DeskContext.Provider value={desk}>{children}</DeskContext.Provider>
    </DeskRefreshContext.Provider>
  );
}
