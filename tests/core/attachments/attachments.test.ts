import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachmentInputFromFile } from '../../../core/attachments/file-source';
import { DomainError } from '../../../core/contract/errors';
import { expectOk, tempDir } from '../../support/desk';
import { deskWithClock, expectError, intake, rowCounts } from '../../support/counter';
import { minimalPdf } from '../../support/files';

// A 1×1 PNG, as a webcam snapshot would arrive (base64 from the renderer).
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const jpegHeader = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const heicHeader = Buffer.concat([
  Buffer.from([0, 0, 0, 24]),
  Buffer.from('ftypheic'),
  Buffer.alloc(12),
]);

function attachmentFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'attachments');
  return fs.existsSync(root)
    ? fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
}

describe('photos of the device', () => {
  it('keeps a photo by its content hash and gives it back', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const info = (await expectOk(
      desk.call('addAttachment', {
        orderId: order.id,
        name: 'fronte.png',
        dataBase64: tinyPng.toString('base64'),
      }),
    )) as { id: string; sha256: string; mime: string; size: number };
    expect(info).toMatchObject({ mime: 'image/png', size: tinyPng.length, kind: 'photo' });
    const file = path.join(desk.dataDir, 'attachments', info.sha256.slice(0, 2), info.sha256);
    expect(fs.readFileSync(file)).toEqual(tinyPng);

    // The same photo twice is one file, two rows.
    await expectOk(
      desk.call('addAttachment', {
        orderId: order.id,
        name: 'copia.png',
        dataBase64: tinyPng.toString('base64'),
      }),
    );
    expect(attachmentFiles(desk.dataDir)).toHaveLength(1);
    const list = (await expectOk(desk.call('listAttachments', { orderId: order.id }))) as {
      name: string;
    }[];
    expect(list.map((a) => a.name)).toEqual(['fronte.png', 'copia.png']);
    const got = (await expectOk(desk.call('getAttachment', { id: info.id }))) as {
      dataBase64: string;
    };
    expect(Buffer.from(got.dataBase64, 'base64')).toEqual(tinyPng);
  });

  it('recognises JPEG and HEIC by their first bytes', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    for (const [bytes, mime] of [
      [jpegHeader, 'image/jpeg'],
      [heicHeader, 'image/heic'],
    ] as const) {
      const info = await expectOk(
        desk.call('addAttachment', {
          orderId: order.id,
          name: 'x',
          dataBase64: bytes.toString('base64'),
        }),
      );
      expect(info).toMatchObject({ mime });
    }
  });

  it('keeps a PDF as a document, by its header, and gives it back', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const info = await expectOk(
      desk.call('addAttachment', {
        orderId: order.id,
        name: 'scontrino-acquisto.pdf',
        dataBase64: minimalPdf.toString('base64'),
      }),
    );
    expect(info).toMatchObject({ mime: 'application/pdf', kind: 'document' });
    const got = (await expectOk(
      desk.call('getAttachment', { id: (info as { id: string }).id }),
    )) as { dataBase64: string; kind: string };
    expect(Buffer.from(got.dataBase64, 'base64')).toEqual(minimalPdf);
    const detail = (await expectOk(desk.call('getOrder', { id: order.id }))) as {
      events: { kind: string }[];
    };
    expect(detail.events.map((e) => e.kind)).toContain('attachment');
  });

  it('refuses what only pretends to be a PDF or a photo, storing nothing', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const before = rowCounts(desk);
    for (const pretender of [
      // A PDF header further in, as lenient readers accept: an HTML page can carry one.
      `<html><body>%PDF-1.7</body></html>`,
      '%PDF-x',
      '%PDF',
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'GIF89a',
    ]) {
      const error = await expectError(
        desk.call('addAttachment', {
          orderId: order.id,
          name: 'ricevuta.pdf',
          dataBase64: Buffer.from(pretender).toString('base64'),
        }),
      );
      expect({ pretender, error }).toEqual({
        pretender,
        error: { code: 'unsupported_attachment' },
      });
    }
    expect(rowCounts(desk)).toEqual(before);
    expect(attachmentFiles(desk.dataDir)).toEqual([]);
  });

  it('refuses a text file named like a photo, storing nothing', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const before = rowCounts(desk);
    const error = await expectError(
      desk.call('addAttachment', {
        orderId: order.id,
        name: 'foto.jpg',
        dataBase64: Buffer.from('Non sono una foto').toString('base64'),
      }),
    );
    expect(error).toEqual({ code: 'unsupported_attachment' });
    expect(rowCounts(desk)).toEqual(before);
    expect(attachmentFiles(desk.dataDir)).toEqual([]);
  });

  it('refuses a photo over 15 MB sent as base64, before decoding it', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const before = rowCounts(desk);
    const oversized = Buffer.concat([jpegHeader, Buffer.alloc(16 * 1024 * 1024)]).toString(
      'base64',
    );
    const error = await expectError(
      desk.call('addAttachment', { orderId: order.id, name: 'big.jpg', dataBase64: oversized }),
    );
    expect(error.issues).toEqual([{ path: 'dataBase64', code: 'attachment_too_large' }]);
    expect(rowCounts(desk)).toEqual(before);
    expect(attachmentFiles(desk.dataDir)).toEqual([]);
  });

  it('refuses a 200 MB photo sent as base64 with the same clear error', async () => {
    const { desk } = deskWithClock();
    const order = await intake(desk);
    const before = rowCounts(desk);
    const error = await expectError(
      desk.call('addAttachment', {
        orderId: order.id,
        name: 'huge.jpg',
        dataBase64: 'A'.repeat(Math.ceil((200 * 1024 * 1024) / 3) * 4),
      }),
    );
    expect(error.issues).toEqual([{ path: 'dataBase64', code: 'attachment_too_large' }]);
    expect(rowCounts(desk)).toEqual(before);
  });

  it('refuses a 200 MB file from disk without reading it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'huge.jpg');
    fs.writeFileSync(file, jpegHeader);
    fs.truncateSync(file, 200 * 1024 * 1024);
    try {
      expect(() => attachmentInputFromFile('order', file)).toThrow(DomainError);
      try {
        attachmentInputFromFile('order', file);
      } catch (error) {
        expect((error as DomainError).toAppError()).toEqual({
          code: 'attachment_too_large',
          params: { size: 200 * 1024 * 1024, maximum: 15 * 1024 * 1024 },
        });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
