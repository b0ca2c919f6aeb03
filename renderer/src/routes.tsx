import type { RouteObject } from 'react-router';
import { AccountScreen } from './screens/account/AccountScreen';
import { ComingSoonScreen } from './screens/ComingSoonScreen';
import { ReceptionScreen } from './screens/reception/ReceptionScreen';
import { UncollectedScreen } from './screens/uncollected/UncollectedScreen';
import { AppLayout } from './shell/AppLayout';
import { IntakeScreen, OrderScreen, OrdersScreen, StockScreen } from './screens/lazy-screens';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { UsersScreen } from './screens/settings/UsersScreen';
import { SiteDetailsScreen } from './screens/settings/SiteDetailsScreen';
import { PrintersScreen } from './screens/settings/PrintersScreen';

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <ReceptionScreen /> },
      { path: 'intake/new', element: <IntakeScreen /> },
      { path: 'orders', element: <OrdersScreen /> },
      { path: 'orders/:id', element: <OrderScreen /> },
      { path: 'uncollected', element: <UncollectedScreen /> },
      { path: 'customers', element: <ComingSoonScreen section="customers" /> },
      { path: 'workshops', element: <ComingSoonScreen section="workshops" /> },
      { path: 'stock', element: <StockScreen /> },
      { path: 'accounting', element: <ComingSoonScreen section="accounting" /> },
      { path: 'sla', element: <ComingSoonScreen section="sla" /> },
      { path: 'settings', element: <SettingsScreen /> },
      { path: 'settings/users', element: <UsersScreen /> },
      { path: 'settings/site', element: <SiteDetailsScreen /> },
      { path: 'account', element: <AccountScreen /> },
      { path: 'settings/printers', element: <PrintersScreen /> },
      { path: '*', element: <ComingSoonScreen section="notFound" /> },
    ],
  },
];
