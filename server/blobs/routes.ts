import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  BlobStatusRequest,
  ContentRange,
  maxBlobBytes,
  maxBlobChunkBytes,
  Sha256,
} from '../../core/contract/blobs';
import { issuesFromZod, type AppError } from '../../core/contract/errors';
import type { ServerDb } from '../db/connection';
import { BlobRefused, blobBytes, blobStates, readableBlobSize, storeChunk } from './store';

export interface BlobRoutesOptions {
  db: ServerDb;
  now: () => number;
  requireDesk: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** The largest blob accepted (tests lower it). */
  maxBytes?: number;
}

const Params = z.object({ sha256: Sha256 });
const RangeHeader = z
  .string()
  .regex(/^bytes=\d{1,12}-$/)
  .transform((header) => Number(header.slice(6, -1)));

function fail(reply: FastifyReply, status: number, error: AppError) {
  return reply.code(status).send({ error });
}

/**
 * Attachment bytes (see core/contract/blobs.ts): `POST /blobs/status` says which hashes the
 * server holds and how much of each; `PUT /blobs/<sha256>` stores one chunk (`Content-Range`);
 * `GET /blobs/<sha256>` (optionally `Range: bytes=N-`) returns a blob the desk's scope holds.
 */
export async function blobRoutes(app: FastifyInstance, options: BlobRoutesOptions) {
  const { db, requireDesk } = options;
  const maxBytes = options.maxBytes ?? maxBlobBytes;
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: maxBlobChunkBytes },
    (_request, body, done) => done(null, body),
  );

  app.post('/blobs/status', { preHandler: requireDesk }, async (request, reply) => {
    const parsed = BlobStatusRequest.safeParse(request.body);
    if (!parsed.success)
      return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
    return { blobs: await blobStates(db, parsed.data.hashes) };
  });

  app.put(
    '/blobs/:sha256',
    { preHandler: requireDesk, bodyLimit: maxBlobChunkBytes },
    async (request, reply) => {
      const params = Params.safeParse(request.params);
      const range = ContentRange.safeParse(request.headers['content-range']);
      const body = request.body;
      if (!params.success || !range.success || !Buffer.isBuffer(body))
        return fail(reply, 400, { code: 'validation', params: { reason: 'blob_chunk' } });
      if (range.data.total > maxBytes)
        return fail(reply, 413, {
          code: 'attachment_too_large',
          params: { size: range.data.total, maximum: maxBytes },
        });
      if (body.length !== range.data.last - range.data.first + 1)
        return fail(reply, 400, { code: 'validation', params: { reason: 'content_range' } });
      try {
        return await storeChunk(db, params.data.sha256, range.data, body, options.now());
      } catch (error) {
        if (error instanceof BlobRefused)
          return fail(reply, error.status, { code: error.code, params: error.params });
        throw error;
      }
    },
  );

  app.get('/blobs/:sha256', { preHandler: requireDesk }, async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success)
      return fail(reply, 400, { code: 'validation', params: { reason: 'sha256' } });
    const size = await readableBlobSize(db, request.desk!, params.data.sha256);
    if (size === null) return fail(reply, 404, { code: 'not_found' });
    const rangeHeader = request.headers.range;
    const from = rangeHeader === undefined ? 0 : RangeHeader.safeParse(rangeHeader);
    if (typeof from !== 'number' && (!from.success || from.data >= size))
      return reply.code(416).header('content-range', `bytes */${size}`).send();
    const start = typeof from === 'number' ? from : from.data;
    reply.type('application/octet-stream').header('content-length', size - start);
    if (rangeHeader !== undefined)
      reply.code(206).header('content-range', `bytes ${start}-${size - 1}/${size}`);
    return reply.send(Readable.from(blobBytes(db, params.data.sha256, start)));
  });
}
