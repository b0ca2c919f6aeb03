import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/contract/orders';
import { expectOk, intakeInput, testDesk } from '../../support/desk';
import { newIntakeReceipt, pdfText } from './document-builders';

describe('renderDocument (printing in browser mode)', () => {
  it('gives the intake receipt of a new order as a PDF carrying its number, in the language asked', async () => {
    const { order, pdf, fileName } = await newIntakeReceipt(testDesk(), '80mm', 'it');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toContain(order.number);
    expect(fileName).toBe(`${order.number}-intake_receipt-80mm.pdf`);
  });

  it('refuses a label asked on receipt paper, and an order that does not exist', async () => {
    const desk = testDesk();
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    const wrongPaper = await desk.call('renderDocument', {
      orderId: order.id,
      document: 'device_label',
      format: 'a4',
      lang: 'en',
    });
    expect(wrongPaper).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'format', code: 'format_not_for_document' }] },
    });
    const missing = await desk.call('renderDocument', {
      orderId: '01900000-0000-7000-8000-000000000000',
      document: 'intake_receipt',
      format: 'a4',
      lang: 'en',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
