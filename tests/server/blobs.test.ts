import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blobChunkBytes } from '../../core/contract/blobs';
import { abandonedUploadMs, unnamedBlobMs } from '../../server/blobs/store';
import { writeRecord } from '../../server/records';
import { authorizationOf, enrolledDesk } from '../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../support/sync-server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A photo a little over two chunks long: three PUTs. */
const photo = randomBytes(blobChunkBytes * 2 + 1234);
const photoSha = sha256(photo);

async function put(
  server: TestServer,
  authorization: string,
  sha: string,
  bytes: Uint8Array,
  first: number,
  total: number,
  last = first + bytes.length - 1,
) {
  const response = await fetch(`${server.url}/blobs/${sha}`, {
    method: 'PUT',
    headers: {
      authorization,
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${first}-${last}/${total}`,
    },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The photo's chunk number `index`, as the desk sends it. */
function putPhotoChunk(server: TestServer, authorization: string, index: number) {
  const first = index * blobChunkBytes;
  const bytes = photo.subarray(first, first + blobChunkBytes);
  return put(server, authorization, photoSha, bytes, first, photo.length);
}

async function status(server: TestServer, authorization: string, hashes: string[]) {
  const response = await fetch(`${server.url}/blobs/status`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ hashes }),
  });
  return { status: response.status, body: (await response.json()) as { blobs: unknown[] } };
}

/** An attachment row on the server naming the photo, held by the given sites. */
async function attachmentRow(server: TestServer, sites: string[]) {
  await server.db.transaction((tx) =>
    writeRecord(tx, {
      tbl: 'attachments',
      id: '0190a000-0000-7000-8000-000000000001',
      data: { id: '0190a000-0000-7000-8000-000000000001', sha256: photoSha, size: photo.length },
      sites,
      now: Date.now(),
    }),
  );
}

describe('attachment bytes on the head-office server (pglite)', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(async () => {
    await server?.close();
  });

  it('an upload cut after its first chunk resumes where it stopped, and the bytes are checked', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const auth = authorizationOf(desk);
    expect((await status(server, auth, [photoSha])).body.blobs).toEqual([
      { sha256: photoSha, state: 'missing', received: 0 },
    ]);
    const first = await putPhotoChunk(server, auth, 0);
    expect(first).toMatchObject({
      status: 200,
      body: { received: blobChunkBytes, complete: false },
    });

    // The desk comes back later and asks where to go on from.
    expect((await status(server, auth, [photoSha])).body.blobs).toEqual([
      { sha256: photoSha, state: 'partial', received: blobChunkBytes },
    ]);
    // A chunk sent twice (the answer was lost) is refused with the offset to resume from.
    const again = await putPhotoChunk(server, auth, 0);
    expect(again).toMatchObject({
      status: 409,
      body: {
        error: { code: 'conflict', params: { reason: 'blob_offset', received: blobChunkBytes } },
      },
    });
    await putPhotoChunk(server, auth, 1);
    const last = await putPhotoChunk(server, auth, 2);
    expect(last).toMatchObject({ status: 200, body: { received: photo.length, complete: true } });
    expect((await status(server, auth, [photoSha])).body.blobs).toEqual([
      { sha256: photoSha, state: 'complete', received: photo.length },
    ]);
  });

  it('bytes that do not hash to their name are thrown away, and oversized blobs are refused', async () => {
    server = await startTestServer('pglite', { maxBlobBytes: 1000 });
    const desk = await enrolledDesk(server, 'MI01');
    const auth = authorizationOf(desk);
    const claimed = sha256(Buffer.from('the real photo'));
    const wrong = await put(server, auth, claimed, Buffer.from('something else'), 0, 14);
    expect(wrong).toMatchObject({
      status: 422,
      body: { error: { code: 'validation', params: { reason: 'blob_hash_mismatch' } } },
    });
    expect((await status(server, auth, [claimed])).body.blobs).toEqual([
      { sha256: claimed, state: 'missing', received: 0 },
    ]);
    const big = await put(server, auth, photoSha, photo.subarray(0, 10), 0, photo.length);
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'attachment_too_large' } } });
    const badName = await put(server, auth, 'not-a-hash', Buffer.from('x'), 0, 1);
    expect(badName.status).toBe(400);
    // The range says ten bytes, the body carries three.
    const lying = await put(server, auth, claimed, Buffer.from('abc'), 0, 10, 9);
    expect(lying).toMatchObject({ status: 400, body: { error: { code: 'validation' } } });
    expect((await status(server, 'Bearer nobody', [claimed])).status).toBe(401);
  });

  it('only desks whose scope holds the attachment may download it, from any offset', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const stranger = await enrolledDesk(server, 'RM01');
    const headOffice = await enrolledDesk(server, 'HQ', 'head_office');
    for (let i = 0; i * blobChunkBytes < photo.length; i++)
      await putPhotoChunk(server, authorizationOf(desk), i);
    const get = (who: typeof desk, range?: string) =>
      fetch(`${server.url}/blobs/${photoSha}`, {
        headers: { authorization: authorizationOf(who), ...(range ? { range } : {}) },
      });
    // No attachment names it yet: nobody may read it.
    expect((await get(desk)).status).toBe(404);
    await attachmentRow(server, [desk.site.id]);

    const whole = await get(desk);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(photo);
    expect((await get(stranger)).status).toBe(404);
    const rest = await get(headOffice, 'bytes=300000-');
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(
      `bytes 300000-${photo.length - 1}/${photo.length}`,
    );
    expect(Buffer.from(await rest.arrayBuffer())).toEqual(photo.subarray(300000));
    expect((await get(headOffice, `bytes=${photo.length}-`)).status).toBe(416);
  });

  it('a photo of a few megabytes comes back byte for byte, chunks past the first megabyte in order', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'MI01');
    const auth = authorizationOf(desk);
    // Nine chunks: offsets 262 144 … 2 097 152, which sort wrongly as text.
    const large = randomBytes(blobChunkBytes * 8 + 4321);
    const largeSha = sha256(large);
    for (let first = 0; first < large.length; first += blobChunkBytes)
      await put(
        server,
        auth,
        largeSha,
        large.subarray(first, first + blobChunkBytes),
        first,
        large.length,
      );
    await server.db.transaction((tx) =>
      writeRecord(tx, {
        tbl: 'attachments',
        id: '0190a000-0000-7000-8000-000000000002',
        data: { id: '0190a000-0000-7000-8000-000000000002', sha256: largeSha, size: large.length },
        sites: [desk.site.id],
        now: Date.now(),
      }),
    );
    const get = async (range?: string) =>
      Buffer.from(
        await (
          await fetch(`${server.url}/blobs/${largeSha}`, {
            headers: { authorization: auth, ...(range ? { range } : {}) },
          })
        ).arrayBuffer(),
      );
    expect(sha256(await get())).toBe(largeSha);
    expect((await get('bytes=1300000-')).equals(large.subarray(1300000))).toBe(true);
  });

  it('a partial upload idle for a week is swept, bytes and all; a complete one an attachment names never is', async () => {
    const clock = { now: Date.parse('2026-11-02T09:00:00Z') };
    server = await startTestServer('pglite', { now: () => clock.now, sweepUploadsEveryMs: 20 });
    const desk = await enrolledDesk(server, 'MI01');
    const auth = authorizationOf(desk);
    const small = randomBytes(100);
    const smallSha = sha256(small);
    expect((await put(server, auth, smallSha, small, 0, small.length)).status).toBe(200);
    await server.db.transaction((tx) =>
      writeRecord(tx, {
        tbl: 'attachments',
        id: '0190a000-0000-7000-8000-000000000003',
        data: { id: '0190a000-0000-7000-8000-000000000003', sha256: smallSha, size: 100 },
        sites: [desk.site.id],
        now: clock.now,
      }),
    );
    await putPhotoChunk(server, auth, 0);
    const chunks = async () =>
      (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM blob_chunks'))[0]!.n;
    const swept = async () => {
      const metrics = await (await fetch(`${server.url}/metrics`)).json();
      return (metrics as { sweptUploads: number }).sweptUploads;
    };

    // Six days on, a chunk more: the week counts from the last chunk, not the first.
    clock.now += 6 * 24 * 3600_000;
    await putPhotoChunk(server, auth, 1);
    clock.now += abandonedUploadMs - 60_000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await swept()).toBe(0);
    expect(await chunks()).toBe(3);

    clock.now += 120_000;
    await expect.poll(swept, { timeout: 5000 }).toBe(1);
    expect(await chunks()).toBe(1);
    expect((await status(server, auth, [photoSha, smallSha])).body.blobs).toEqual([
      { sha256: photoSha, state: 'missing', received: 0 },
      { sha256: smallSha, state: 'complete', received: small.length },
    ]);
    // The desk that comes back is told to start again, and can.
    const resumed = await putPhotoChunk(server, auth, 2);
    expect(resumed).toMatchObject({
      status: 409,
      body: { error: { params: { reason: 'blob_offset', received: 0 } } },
    });
    for (let i = 0; i * blobChunkBytes < photo.length; i++) await putPhotoChunk(server, auth, i);
    expect((await status(server, auth, [photoSha])).body.blobs).toEqual([
      { sha256: photoSha, state: 'complete', received: photo.length },
    ]);
  });

  it('a complete blob no attachment names is swept after a day: erased, or its change refused', async () => {
    const clock = { now: Date.parse('2026-11-02T09:00:00Z') };
    server = await startTestServer('pglite', { now: () => clock.now, sweepUploadsEveryMs: 20 });
    const desk = await enrolledDesk(server, 'MI01');
    const auth = authorizationOf(desk);
    for (let i = 0; i * blobChunkBytes < photo.length; i++) await putPhotoChunk(server, auth, i);
    const swept = async () => {
      const metrics = await (await fetch(`${server.url}/metrics`)).json();
      return (metrics as { sweptUnnamedBlobs: number }).sweptUnnamedBlobs;
    };

    // The desk pushes the row right after the bytes; a day leaves room for one that went offline.
    clock.now += unnamedBlobMs - 60_000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await swept()).toBe(0);

    clock.now += 120_000;
    await expect.poll(swept, { timeout: 5000 }).toBe(1);
    expect((await status(server, auth, [photoSha])).body.blobs).toEqual([
      { sha256: photoSha, state: 'missing', received: 0 },
    ]);
    const chunks = await server.db.query('SELECT 1 FROM blob_chunks WHERE sha256 = $1', [photoSha]);
    expect(chunks).toEqual([]);
  });
});
