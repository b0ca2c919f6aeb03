import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachmentPath } from '../../../core/attachments/store';
import { blobChunkBytes } from '../../../core/contract/blobs';
import type { OrderDetail } from '../../../core/contract/orders';
import { httpBlobTransport, type BlobTransport } from '../../../core/sync/blob-transport';
import { syncOnce } from '../../../core/sync/sync-once';
import { ServerRefused } from '../../../core/sync/transport';
import { readHealth, settingsCredentialStore } from '../../../core/sync/sync-state';
import { expectOk, intakeInput } from '../../support/desk';
import { minimalPdf } from '../../support/files';
import { enrolledDesk, type SyncedDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

/** A phone photo of a cracked screen: PNG magic, then noise, a little over two chunks. */
const photo = Buffer.concat([
  Buffer.from('89504e470d0a1a0a', 'hex'),
  randomBytes(blobChunkBytes * 2 + 5000),
]);

interface Counted extends BlobTransport {
  bytesSent: number;
}

/** The desk's HTTP blob transport; `cutAfterChunks` makes the network fail mid-upload. */
function blobTransportOf(desk: SyncedDesk, cutAfterChunks = Infinity): Counted {
  const http = httpBlobTransport(settingsCredentialStore(desk.db, desk.secrets).load()!);
  let chunks = 0;
  const counted: Counted = {
    bytesSent: 0,
    status: (hashes) => http.status(hashes),
    download: (sha, from) => http.download(sha, from),
    async upload(sha, first, total, chunk) {
      if (chunks++ >= cutAfterChunks) throw new TypeError('fetch failed');
      counted.bytesSent += chunk.length;
      return http.upload(sha, first, total, chunk);
    },
  };
  return counted;
}

function syncWithBlobs(desk: SyncedDesk, transport: BlobTransport) {
  return syncOnce(desk, desk.transport, { blobs: { transport, dataDir: desk.dataDir } });
}

/** A new order with one attachment: by default the photo of its cracked screen. */
async function photographedOrder(desk: SyncedDesk, bytes = photo, name = 'schermo.png') {
  const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
  const info = (await expectOk(
    desk.call('addAttachment', { orderId: order.id, name, dataBase64: bytes.toString('base64') }),
  )) as { id: string; sha256: string };
  return { order, info };
}

describe('photos replicate with their orders', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('a photo upload cut by the network resumes where it stopped, and the head office gets the photo', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const { info } = await photographedOrder(desk);

    const cut = blobTransportOf(desk, 1);
    const interrupted = await syncWithBlobs(desk, cut);
    expect(interrupted.error).toBe('offline');
    // Nothing was pushed: the rows wait until their photo is on the server.
    expect(interrupted.push.sent).toBe(0);

    const resumed = blobTransportOf(desk);
    const round = await syncWithBlobs(desk, resumed);
    expect(round).toMatchObject({ ok: true, blobs: { uploaded: 1, missingLocally: 0 } });
    expect(round.push.rejected).toBe(0);
    // Only the part the server did not have travelled again.
    expect(resumed.bytesSent).toBe(photo.length - blobChunkBytes);

    const pulled = await syncWithBlobs(headOffice, blobTransportOf(headOffice));
    expect(pulled.blobs).toMatchObject({ downloaded: 1, waiting: 0 });
    const got = (await expectOk(headOffice.call('getAttachment', { id: info.id }))) as {
      dataBase64: string;
    };
    expect(Buffer.from(got.dataBase64, 'base64')).toEqual(photo);
  });

  it('a PDF document replicates as a photo does: kind, type and bytes unchanged', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    // A scanned proof of purchase of three chunks (bytes after %%EOF are allowed).
    const scan = Buffer.concat([minimalPdf, randomBytes(blobChunkBytes * 2 + 100)]);
    const { info } = await photographedOrder(desk, scan, 'prova-acquisto.pdf');

    const round = await syncWithBlobs(desk, blobTransportOf(desk));
    expect(round).toMatchObject({ ok: true, blobs: { uploaded: 1 } });
    expect(round.push.rejected).toBe(0);
    const pulled = await syncWithBlobs(headOffice, blobTransportOf(headOffice));
    expect(pulled.blobs).toMatchObject({ downloaded: 1, waiting: 0 });
    const got = (await expectOk(headOffice.call('getAttachment', { id: info.id }))) as {
      dataBase64: string;
      kind: string;
      mime: string;
      name: string;
    };
    expect(got).toMatchObject({
      kind: 'document',
      mime: 'application/pdf',
      name: 'prova-acquisto.pdf',
    });
    expect(Buffer.from(got.dataBase64, 'base64')).toEqual(scan);
  });

  it('a proxy that sends every chunk twice: the refused repeats resume the upload, and the row waits for all its bytes', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    // Five chunks: more refused repeats than an upload may make without moving forward.
    const large = Buffer.concat([photo, randomBytes(blobChunkBytes * 2)]);
    const { info } = await photographedOrder(desk, large, 'grande.png');
    const http = blobTransportOf(desk);
    const twice: BlobTransport = {
      ...http,
      status: (hashes) => http.status(hashes),
      download: (sha, from) => http.download(sha, from),
      // The first copy is stored; the answer that comes back is the second's: "resume at …".
      async upload(sha, first, total, chunk) {
        await http.upload(sha, first, total, chunk);
        return http.upload(sha, first, total, chunk);
      },
    };

    const round = await syncWithBlobs(desk, twice);

    expect(round).toMatchObject({ ok: true, blobs: { uploaded: 1, missingLocally: 0 } });
    expect(round.push.accepted).toBeGreaterThan(0);
    const pulled = await syncWithBlobs(headOffice, blobTransportOf(headOffice));
    expect(pulled.blobs).toMatchObject({ downloaded: 1, waiting: 0 });
    const got = (await expectOk(headOffice.call('getAttachment', { id: info.id }))) as {
      dataBase64: string;
    };
    expect(Buffer.from(got.dataBase64, 'base64')).toEqual(large);
  });

  it('an upload that stops advancing ends the round before the row is pushed', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    await photographedOrder(desk);
    const http = blobTransportOf(desk);
    const stuck: BlobTransport = {
      status: (hashes) => http.status(hashes),
      download: (sha, from) => http.download(sha, from),
      // A server (or a proxy in front of it) that always says "start from 0".
      async upload() {
        throw new ServerRefused(409, {
          code: 'conflict',
          params: { reason: 'blob_offset', received: 0 },
        });
      },
    };

    const round = await syncWithBlobs(desk, stuck);

    // The head office answered: the desk says what is wrong, not that it is offline.
    expect(round).toMatchObject({ ok: false, error: 'photo_upload_stalled' });
    expect(readHealth(desk.db)).toMatchObject({ online: true, lastError: 'photo_upload_stalled' });
    expect(round.push.sent).toBe(0);
    const healed = await syncWithBlobs(desk, blobTransportOf(desk));
    expect(healed).toMatchObject({ ok: true, blobs: { uploaded: 1 } });
    expect(healed.push.rejected).toBe(0);
  });

  it('a customer erased at the head office loses their photo files on every desk that had them', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const { order, info } = await photographedOrder(desk);
    expect(await syncWithBlobs(desk, blobTransportOf(desk))).toMatchObject({ ok: true });
    expect(await syncWithBlobs(headOffice, blobTransportOf(headOffice))).toMatchObject({
      blobs: { downloaded: 1 },
    });
    const file = attachmentPath(headOffice.dataDir, info.sha256);
    expect(fs.existsSync(file)).toBe(true);

    // The customer asks the desk to erase them; the head office follows.
    await expectOk(
      desk.call('eraseCustomer', { customerId: order.customerId, confirmName: order.customerName }),
    );
    expect(await syncWithBlobs(desk, blobTransportOf(desk))).toMatchObject({ ok: true });
    expect(await syncWithBlobs(headOffice, blobTransportOf(headOffice))).toMatchObject({
      ok: true,
    });

    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(attachmentPath(desk.dataDir, info.sha256))).toBe(false);
    // The head office's copy of the bytes is named by nothing now: the day-long sweep takes it.
    const named = await server.db.query(
      `SELECT 1 FROM records WHERE tbl = 'attachments' AND data->>'sha256' = $1`,
      [info.sha256],
    );
    expect(named).toEqual([]);
  });

  it('a photo whose file is gone does not hold the outbox back; the head office waits for it', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    const { order, info } = await photographedOrder(desk);
    fs.rmSync(attachmentPath(desk.dataDir, info.sha256));

    const round = await syncWithBlobs(desk, blobTransportOf(desk));
    expect(round).toMatchObject({ ok: true, blobs: { uploaded: 0, missingLocally: 1 } });
    expect(round.push.rejected).toBe(0);
    const pulled = await syncWithBlobs(headOffice, blobTransportOf(headOffice));
    expect(pulled.blobs).toMatchObject({ downloaded: 0, waiting: 1 });
    expect(fs.existsSync(attachmentPath(headOffice.dataDir, info.sha256))).toBe(false);

    // The same photo is taken again: its upload completes the head office's copy.
    await expectOk(
      desk.call('addAttachment', {
        orderId: order.id,
        name: 'di nuovo.png',
        dataBase64: photo.toString('base64'),
      }),
    );
    await syncWithBlobs(desk, blobTransportOf(desk));
    const later = await syncWithBlobs(headOffice, blobTransportOf(headOffice));
    expect(later.blobs).toMatchObject({ downloaded: 1, waiting: 0 });
  });
});
