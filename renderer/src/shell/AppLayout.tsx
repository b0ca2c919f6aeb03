import { AppShell, Loader } from '@mantine/core';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { prefetchScreens } from '../screens/lazy-screens';
import { SyncStatusProvider } from '../sync/SyncStatusContext';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { useBarcodeScanner } from './useBarcodeScanner';
import { useGlobalShortcuts } from './useGlobalShortcuts';

export function AppLayout() {
  useGlobalShortcuts();
  const { t } = useTranslation('common');
  useEffect(() => {
    const timer = setTimeout(prefetchScreens, 200);
    return () => clearTimeout(timer);
  }, []);
  useBarcodeScanner();
  return (
    <SyncStatusProvider>
      <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
        <AppShell.Header>
          <TopBar />
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label={t('nav:main')}>
          <SideNav />
        </AppShell.Navbar>
        <AppShell.Main>
          <Suspense fallback={<Loader aria-label={t('loading')} />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
      </AppShell>
    </SyncStatusProvider>
  );
}
