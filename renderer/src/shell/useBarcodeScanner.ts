import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { ScannerBurst } from './scanner-burst';

const orderNumberPattern = /^[A-Z0-9]{2,8}-\d{4}-\d{6}$/i;

/** Typing into a field is the field's business: a scan into the IMEI field stays there. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The scanned order, else the newest order of the device with that serial or IMEI. */
async function orderIdFor(code: string): Promise<string | null> {
  if (orderNumberPattern.test(code)) {
    const order = await api.getOrder({ number: code.toUpperCase() });
    if (order.ok) return order.value.id;
  }
  const devices = await api.getDeviceHistory({ serialOrImei: code });
  if (!devices.ok) return null;
  const orders = devices.value.flatMap((d) => d.orders).sort((a, b) => b.createdAt - a.createdAt);
  return orders[0]?.id ?? null;
}

/** A barcode scanner as a keyboard: a fast burst ending with Enter opens what it read. */
export function useBarcodeScanner() {
  const navigate = useNavigate();
  const { t } = useTranslation('common');
  useEffect(() => {
    const burst = new ScannerBurst();
    function onKeyDown(event: KeyboardEvent) {
      if (isTextEntry(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
      const scanned = burst.key(event.key, event.timeStamp);
      if (!scanned) return;
      event.preventDefault();
      void orderIdFor(scanned.trim()).then((id) => {
        if (id) void navigate(`/orders/${id}`);
        else notifications.show({ color: 'orange', message: t('scanNotFound', { code: scanned }) });
      });
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, t]);
}
