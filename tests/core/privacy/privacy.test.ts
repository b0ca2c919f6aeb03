import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { CustomerDataExport } from '../../../core/contract/privacy';
import { attachmentFile } from '../../../core/privacy/erase';
import { attachments, invoices } from '../../../core/db/schema';
import { expectOk, intakeInput } from '../../support/desk';
import { buildScene, type Scene } from '../../support/contract-samples';

function withPhotoAndInvoice(s: Scene) {
  const now = Date.now();
  const sha = 'a'.repeat(64);
  fs.mkdirSync(path.dirname(attachmentFile(s.desk.dataDir, sha)), { recursive: true });
  fs.writeFileSync(attachmentFile(s.desk.dataDir, sha), 'jpeg bytes of a cracked screen');
  s.desk.db
    .insert(attachments)
    .values({
      id: uuidv7(),
      originSiteId: s.desk.site.id,
      createdAt: now,
      orderId: s.orderId,
      sha256: sha,
      mime: 'image/jpeg',
      size: 30,
      name: 'front.jpg',
      kind: 'photo',
    })
    .run();
  s.desk.db
    .insert(invoices)
    .values({
      id: uuidv7(),
      originSiteId: s.desk.site.id,
      createdAt: now,
      number: 'HQ01-2026-F-1',
      series: 'HQ01-F',
      siteId: s.desk.site.id,
      kind: 'invoice',
      orderId: s.orderId,
      customer: { name: 'Giulia Bianchi', taxId: 'BNCGLI80A41F205X' },
      lines: [],
      currency: 'EUR',
      totalNet: 1000,
      totalVat: 220,
      totalGross: 1220,
      issuedOn: '2026-11-26',
    })
    .run();
  return sha;
}

describe("a customer's personal data", () => {
  it('a manager exports everything held about a customer', async () => {
    const s = await buildScene();
    withPhotoAndInvoice(s);
    const data = (await expectOk(
      s.desk.callWithSession(s.token, 'exportCustomerData', { customerId: s.customerId }),
    )) as z.infer<typeof CustomerDataExport>;
    expect(data.customer).toMatchObject({ name: 'Giulia Bianchi', phone: '+393475550199' });
    expect(data.devices).toHaveLength(1);
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0]).not.toHaveProperty('unlockSecret');
    expect(data.orders[0]).toHaveProperty('unlockCodeHeld', false);
    expect(data.events).toHaveLength(1);
    expect(data.attachments).toMatchObject([{ name: 'front.jpg' }]);
    expect(data.invoices).toHaveLength(1);
  });

  it('erasing a customer leaves no trace of them on the desk but the invoice the law keeps', async () => {
    const s = await buildScene();
    const sha = withPhotoAndInvoice(s);
    await expectOk(
      s.desk.callWithSession(
        s.token,
        'createIntake',
        intakeInput({
          customer: { mode: 'existing', id: s.customerId },
          device: { mode: 'new', category: 'laptop', brand: 'Lenovo', model: 'T14' },
        }),
      ),
    );
    expect(
      await s.desk.callWithSession(s.token, 'eraseCustomer', {
        customerId: s.customerId,
        confirmName: 'Someone else',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'confirmName', code: 'name_mismatch' }] },
    });

    const erased = (await expectOk(
      s.desk.callWithSession(s.token, 'eraseCustomer', {
        customerId: s.customerId,
        confirmName: 'giulia bianchi',
      }),
    )) as { pseudonym: string; photosDeleted: number };
    expect(erased.pseudonym).toMatch(/^Erased customer [0-9a-f]{8}$/);
    expect(erased.photosDeleted).toBe(1);
    expect(fs.existsSync(attachmentFile(s.desk.dataDir, sha))).toBe(false);

    const sqlite = s.desk.db.$client;
    const everywhere = (text: string) => {
      const tables = sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%search%' AND name <> 'invoices'",
        )
        .all() as { name: string }[];
      return tables.filter(({ name }) =>
        JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}"`).all()).includes(text),
      );
    };
    expect(everywhere('Giulia')).toEqual([]);
    expect(everywhere('3475550199')).toEqual([]);
    // The FTS indexes no longer find her.
    expect(
      await expectOk(s.desk.callWithSession(s.token, 'searchCustomers', { term: 'Giulia' })),
    ).toEqual([]);
    const page = (await expectOk(
      s.desk.callWithSession(s.token, 'listOrders', { search: 'Bianchi' }),
    )) as {
      total: number;
    };
    expect(page.total).toBe(0);
    // The invoice keeps its legal snapshot; the repair history stays under the pseudonym.
    const invoice = sqlite.prepare('SELECT customer FROM invoices').get() as { customer: string };
    expect(JSON.parse(invoice.customer)).toMatchObject({ name: 'Giulia Bianchi' });
    const order = (await expectOk(
      s.desk.callWithSession(s.token, 'getOrder', { id: s.orderId }),
    )) as {
      customerName: string;
      complaint: string;
    };
    expect(order).toMatchObject({
      customerName: erased.pseudonym,
      complaint: intakeInput().complaint,
    });
    // Their orders take no new photo, and nothing of it is written.
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
    const files = () => fs.readdirSync(s.desk.dataDir, { recursive: true }).length;
    const before = files();
    expect(
      await s.desk.callWithSession(s.token, 'addAttachment', {
        orderId: s.orderId,
        name: 'back.png',
        dataBase64: png.toString('base64'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'customer_erased' } });
    expect(files()).toBe(before);
    expect(
      s.desk.db
        .select()
        .from(attachments)
        .all()
        .filter((a) => a.orderId === s.orderId),
    ).toEqual([]);
    // Replicas are told to do the same.
    const queued = sqlite
      .prepare("SELECT args FROM outbox WHERE name = 'customer.erase'")
      .get() as { args: string };
    expect(JSON.parse(queued.args)).toMatchObject({ customerId: s.customerId });

    expect(
      await s.desk.callWithSession(s.token, 'eraseCustomer', {
        customerId: s.customerId,
        confirmName: erased.pseudonym,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', params: { reason: 'already_erased' } },
    });
  });
});
