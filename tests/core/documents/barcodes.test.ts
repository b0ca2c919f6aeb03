import { describe, expect, it } from 'vitest';
import { settings } from '../../../core/db/schema';
import { code128, statusQrContent } from '../../../core/documents/barcodes';
import { loadIntakeReceipt } from '../../../core/documents/intake-receipt-loader';
import { documentSettingKeys } from '../../../core/documents/order-sources';
import { documentResources } from '../../../core/documents/resources';
import { documentDesk, takeIn } from './document-builders';

describe('barcodes on documents', () => {
  it('draws the order number as a vector Code128 stretched to the box it is given', () => {
    const barcode = code128('MI01-2026-000123', { width: 170, height: 28 });
    expect(barcode).toMatchObject({ width: 170, height: 28 });
    expect(barcode.svg).toMatch(/^<svg viewBox="0 0 \d+ \d+"/);
    expect(barcode.svg).toContain('<path');
  });

  it('puts the plain order number in the QR, or the status page when the site has one', () => {
    expect(statusQrContent('MI01-2026-000123')).toBe('MI01-2026-000123');
    expect(statusQrContent('MI01-2026-000123', 'https://stato.example.it/o/{number}')).toBe(
      'https://stato.example.it/o/MI01-2026-000123',
    );
  });

  it('reads the status page template from the desk settings', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    const resources = documentResources();
    expect(loadIntakeReceipt(desk.db, resources, order.number, { lang: 'it' }).qrContent).toBe(
      order.number,
    );
    desk.db
      .insert(settings)
      .values({ key: documentSettingKeys.statusUrlTemplate, value: 'https://s.example/{number}' })
      .run();
    expect(loadIntakeReceipt(desk.db, resources, order.number, { lang: 'it' }).qrContent).toBe(
      `https://s.example/${order.number}`,
    );
  });

  it('marks every printout as training when the desk runs on the practice database', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    const resources = documentResources();
    desk.db.insert(settings).values({ key: documentSettingKeys.training, value: true }).run();
    expect(
      loadIntakeReceipt(desk.db, resources, order.number, { lang: 'en' }).settings.training,
    ).toBe(true);
  });
});
