import { AppShell } from '@mantine/core';
import { Outlet } from 'react-router';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { useBarcodeScanner } from './useBarcodeScanner';
import { useGlobalShortcuts } from './useGlobalShortcuts';

export function AppLayout() {
  useGlobalShortcuts();
  useBarcodeScanner();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <TopBar />
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <SideNav />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
