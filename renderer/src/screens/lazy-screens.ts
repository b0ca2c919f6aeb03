import { lazy } from 'react';

// The reception is the first screen; the others (and the contract's schemas the intake
// validates with) load on first use, off the first paint's path.
const loadIntakeScreen = () => import('./intake/IntakeScreen');
export const IntakeScreen = lazy(() =>
  loadIntakeScreen().then((m) => ({ default: m.IntakeScreen })),
);

/** Fetched right after the first paint, so F2 opens the intake at once. */
export function prefetchScreens() {
  void loadIntakeScreen();
  void import('./orders/OrdersScreen');
}
export const OrdersScreen = lazy(() =>
  import('./orders/OrdersScreen').then((m) => ({ default: m.OrdersScreen })),
);
export const OrderScreen = lazy(() =>
  import('./order/OrderScreen').then((m) => ({ default: m.OrderScreen })),
);
export const StockScreen = lazy(() =>
  import('./stock/StockScreen').then((m) => ({ default: m.StockScreen })),
);
