import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { z } from 'zod';
import {
  CreateSiteRequest,
  EnrolmentCodeRequest,
  UpdateSiteRequest,
  ListDesksQuery,
  EnrolRequest,
  EnrolPreviewRequest,
  isSnapshotCursor,
  mutationSchemaVersion,
  PushRequest,
} from '../core/contract/replication';
import { issuesFromZod, type AppError } from '../core/contract/errors';
import { authenticateDesk, type DeskPrincipal } from './auth';
import { blobRoutes } from './blobs/routes';
import { sweepAbandonedUploads, sweepUnnamedBlobs } from './blobs/store';
import { archiveChanges } from './archive';
import { vacuumWhereDue } from './db/vacuum';
import { backUpPgliteIfDue, FolderTooLargeToDump } from './db/pglite-backup';
import type { ServerDb } from './db/connection';
import { ServerMetrics } from './metrics';
import { CursorAhead, parseCursor, pullPageLines, type PulledLines } from './pull';
import { changesChannel, processPush } from './push';
import { PushTurns } from './push-turns';
import {
  createSite,
  enrolDesk,
  listDesks,
  listSites,
  newEnrolmentCodeForSite,
  previewEnrolment,
  updateSite,
  revokeDesk,
  ReplacedDeskUnknown,
  siteExists,
  SeriesCodeTaken,
  SiteCodeTaken,
} from './sites';

export interface AppOptions {
  db: ServerDb;
  /** Guards /admin/*; the admin API is off when absent. */
  adminKey?: string;
  /**
   * false for tests; otherwise pino options (credentials are always redacted), with `stream` for
   * where the lines go (stdout when absent).
   */
  logger?: boolean | { level?: string; stream?: DestinationStream };
  now?: () => number;
  /** The largest push body accepted, in bytes. */
  bodyLimit?: number;
  /** The mutation schema version this server writes (tests raise it to see old desks refused). */
  currentSchemaVersion?: number;
  /** The largest attachment blob accepted, in bytes (tests lower it). */
  maxBlobBytes?: number;
  /**
   * How often this instance sweeps abandoned partial uploads (first a minute after start), in
   * ms; 0 turns it off. Several instances may all sweep: the deletes are idempotent.
   */
  sweepUploadsEveryMs?: number;
  /**
   * With each sweep, archive the change log's changes older than this many days (`archiveChanges`);
   * absent: never (the admin's `archive-changes` still can). Several instances take turns.
   */
  archiveKeepDays?: number;
  /**
   * A PGlite head office in a folder: with each sweep, back the folder up into this one when its
   * newest backup is a day old (`backUpPgliteIfDue`). Absent: never.
   */
  backupFolder?: string;
}

/** Paths pino must never print: credentials in headers and bodies. */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers["x-admin-key"]',
  'headers.authorization',
  'secret',
  '*.secret',
  'enrolmentCode',
  '*.enrolmentCode',
  'code',
  'adminKey',
];

declare module 'fastify' {
  interface FastifyRequest {
    desk?: DeskPrincipal;
  }
}

/**
 * One line a request, written when it is answered, with the desk that made it, instead of
 * Fastify's two ("incoming request", then "request completed"): the one line carries all the
 * first said, and a busy server writes half as many lines (each written synchronously).
 */
class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply) {
    if (error) return super.requestCompleted(error, request, reply);
    reply.log.info(
      {
        req: request,
        res: reply,
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
        ...(request.desk ? { desk: request.desk.deskId } : {}),
      },
      'request completed',
    );
  }
}

function fail(reply: FastifyReply, status: number, error: AppError) {
  return reply.code(status).send({ error });
}

const PullQuery = z.object({
  cursor: z.string().max(200).default('0:0'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  count: z.enum(['0', '1']).default('1'),
});

/** A page's lines in chunks of about 64 KiB: one socket write per line would cost more than the rows. */
function* ndjsonChunks(page: PulledLines): Generator<string> {
  let chunk = '';
  for (const line of page.lines) {
    chunk += `${line}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${JSON.stringify(page.end)}\n`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const now = options.now ?? Date.now;
  const metrics = new ServerMetrics();
  // A desk's pushes at this instance, one at a time in seq order (its next batch comes early).
  const turns = new PushTurns();
  const logging = options.logger !== false && options.logger !== undefined;
  const app = Fastify({
    logger: logging && {
      level: 'info',
      ...(options.logger === true ? {} : options.logger),
      redact: redactedLogPaths,
    },
    logController: new OneLineRequestLog(),
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
  });

  const listeners = new Set<() => void>();
  const streams = new Set<{ end(): void }>();
  const unlisten = await db.listen(changesChannel, () => listeners.forEach((wake) => wake()));
  // Event streams end before the server waits for its connections to close, or it never would.
  app.addHook('preClose', async () => {
    streams.forEach((stream) => stream.end());
  });
  let warnedTooLarge = false;
  const sweepEvery = options.sweepUploadsEveryMs ?? 3600_000;
  const sweep = async () => {
    try {
      const swept = await sweepAbandonedUploads(db, now());
      metrics.sweptUploads += swept.uploads;
      if (swept.uploads) app.log.info(swept, 'swept abandoned partial uploads');
      const unnamed = await sweepUnnamedBlobs(db, now());
      metrics.sweptUnnamedBlobs += unnamed.blobs;
      if (unnamed.blobs) app.log.info(unnamed, 'swept photo bytes no attachment names');
    } catch (error) {
      app.log.warn({ err: error }, 'sweeping uploads failed; next round tries again');
    }
    if (options.archiveKeepDays !== undefined)
      try {
        const before = new Date(now() - options.archiveKeepDays * 86_400_000);
        const archived = await archiveChanges(db, { before });
        metrics.archivedChanges += archived.archived;
        if (archived.archived) app.log.info({ ...archived, before }, 'archived old changes');
      } catch (error) {
        app.log.warn({ err: error }, 'archiving old changes failed; next round tries again');
      }
    // PGlite has no autovacuum: the sweep does its work (on PostgreSQL, nothing).
    try {
      const started = Date.now();
      const vacuum = await vacuumWhereDue(db);
      metrics.vacuumedTables += vacuum.vacuumed.length;
      if (vacuum.vacuumed.length || vacuum.analysed.length)
        app.log.info({ ...vacuum, ms: Date.now() - started }, 'vacuumed as autovacuum would');
    } catch (error) {
      app.log.warn({ err: error }, 'vacuuming failed; next round tries again');
    }
    if (options.backupFolder !== undefined)
      try {
        const started = Date.now();
        const backup = await backUpPgliteIfDue(db, options.backupFolder, now());
        if (backup) {
          metrics.backupsTaken++;
          app.log.info({ ...backup, ms: Date.now() - started }, 'backed up the data folder');
        }
      } catch (error) {
        if (!(error instanceof FolderTooLargeToDump))
          app.log.error(
            { err: error },
            'backing up the data folder failed; next round tries again',
          );
        else if (!warnedTooLarge) {
          warnedTooLarge = true;
          app.log.error(
            { bytes: error.bytes },
            'the data folder is too large to back up in memory: no daily backups; stop the server and copy the folder, or move to PostgreSQL',
          );
        }
      }
  };
  // One sweep at a time: the next is scheduled when the last has ended.
  let sweepTimer: NodeJS.Timeout | undefined;
  let closing = false;
  const scheduleSweep = (delayMs: number) => {
    sweepTimer = setTimeout(async () => {
      await sweep();
      if (!closing) scheduleSweep(sweepEvery);
    }, delayMs).unref();
  };
  if (sweepEvery > 0) scheduleSweep(Math.min(60_000, sweepEvery));
  app.addHook('onClose', async () => {
    closing = true;
    clearTimeout(sweepTimer);
    await unlisten();
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    metrics.refusedRequests++;
    if (error.statusCode === 413) return fail(reply, 413, { code: 'payload_too_large' });
    if (error.statusCode && error.statusCode < 500)
      return fail(reply, error.statusCode, {
        code: 'validation',
        params: { reason: error.code ?? 'bad_request' },
      });
    request.log.error({ err: error }, 'request failed');
    return fail(reply, 500, { code: 'internal' });
  });

  const seenWrittenAt = new Map<string, number>();
  const seenEveryMs = 60_000;
  const requireDesk = async (request: FastifyRequest, reply: FastifyReply) => {
    const desk = await authenticateDesk(db, request.headers.authorization);
    if (!desk) {
      metrics.authFailures++;
      return fail(reply, 401, { code: 'unauthenticated' });
    }
    request.desk = desk;
    // Any answered request is contact: a desk that only pulls is not "never seen" to the admin.
    // Written once a minute per desk by each instance, not per request (pushes write it too).
    const at = now();
    if (at - (seenWrittenAt.get(desk.deskId) ?? -Infinity) >= seenEveryMs) {
      seenWrittenAt.set(desk.deskId, at);
      await db.query(
        'UPDATE desks SET last_seen_at = $2 WHERE id = $1 AND coalesce(last_seen_at, 0) < $2',
        [desk.deskId, at],
      );
    }
  };

  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const given = Buffer.from(String(request.headers['x-admin-key'] ?? ''));
    const expected = Buffer.from(options.adminKey ?? '');
    // Which of the two, for the operator: a key that does not match, or no key set on this server.
    if (!options.adminKey)
      return fail(reply, 401, { code: 'unauthenticated', params: { reason: 'admin_api_off' } });
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return fail(reply, 401, { code: 'unauthenticated', params: { reason: 'wrong_admin_key' } });
  };

  await app.register(blobRoutes, {
    db,
    now,
    requireDesk,
    ...(options.maxBlobBytes ? { maxBytes: options.maxBlobBytes } : {}),
  });

  app.get('/health', async () => {
    await db.query('SELECT 1');
    return { status: 'ok', database: db.kind };
  });

  app.get('/metrics', async (request, reply) => {
    const accept = String(request.headers.accept ?? '');
    if (
      accept.includes('text/plain') ||
      (request.query as { format?: string }).format === 'prometheus'
    )
      return reply.type(metrics.prometheusContentType).send(await metrics.prometheus());
    return metrics.snapshot();
  });

  app.post('/admin/sites', { preHandler: requireAdmin }, async (request, reply) => {
    const parsed = CreateSiteRequest.safeParse(request.body);
    if (!parsed.success)
      return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
    try {
      return await createSite(db, parsed.data, now());
    } catch (error) {
      if (error instanceof SiteCodeTaken)
        return fail(reply, 409, { code: 'conflict', params: { code: error.message } });
      throw error;
    }
  });

  app.post<{ Params: { code: string } }>(
    '/admin/sites/:code/enrolment-codes',
    { preHandler: requireAdmin },
    async (request, reply) => {
      const parsed = EnrolmentCodeRequest.safeParse(request.body ?? {});
      if (!parsed.success)
        return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
      try {
        const issued = await newEnrolmentCodeForSite(db, request.params.code, now(), parsed.data);
        return (
          issued ?? fail(reply, 404, { code: 'not_found', params: { site: request.params.code } })
        );
      } catch (error) {
        if (error instanceof SeriesCodeTaken)
          return fail(reply, 409, { code: 'conflict', params: { series: error.message } });
        if (error instanceof ReplacedDeskUnknown)
          return fail(reply, 404, { code: 'not_found', params: { replaces: error.message } });
        throw error;
      }
    },
  );

  app.patch<{ Params: { code: string } }>(
    '/admin/sites/:code',
    { preHandler: requireAdmin },
    async (request, reply) => {
      const parsed = UpdateSiteRequest.safeParse(request.body ?? {});
      if (!parsed.success)
        return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
      const site = await updateSite(db, request.params.code, parsed.data, now());
      return site
        ? { site }
        : fail(reply, 404, { code: 'not_found', params: { site: request.params.code } });
    },
  );

  // What `admin sites` lists, in the contract's epoch milliseconds.
  app.get('/admin/sites', { preHandler: requireAdmin }, async (request, reply) => {
    if (Object.keys(request.query ?? {}).length)
      return fail(reply, 400, { code: 'validation', params: { reason: 'unexpected_query' } });
    return { sites: await listSites(db) };
  });

  app.get('/admin/desks', { preHandler: requireAdmin }, async (request, reply) => {
    const parsed = ListDesksQuery.safeParse(request.query);
    if (!parsed.success)
      return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
    const { site } = parsed.data;
    if (site !== undefined && !(await siteExists(db, site)))
      return fail(reply, 404, { code: 'not_found', params: { site } });
    return { desks: await listDesks(db, parsed.data) };
  });

  app.post<{ Params: { deskId: string } }>(
    '/admin/desks/:deskId/revoke',
    { preHandler: requireAdmin },
    async (request, reply) =>
      (await revokeDesk(db, request.params.deskId, now()))
        ? { revoked: true }
        : fail(reply, 404, { code: 'not_found' }),
  );

  app.post('/enrol', async (request, reply) => {
    const parsed = EnrolRequest.safeParse(request.body);
    if (!parsed.success)
      return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
    // A computer enrolling again sends the credentials it holds, so its old desk is retired.
    const held = request.headers.authorization;
    const enrolled = await enrolDesk(db, parsed.data.code, now(), held);
    if (!enrolled)
      return fail(reply, 401, { code: 'unauthenticated', params: { reason: 'enrolment_code' } });
    metrics.enrolments++;
    const { deskId, retiredDeskId } = enrolled;
    request.log.info({ deskId, siteId: enrolled.site.id, retiredDeskId }, 'desk enrolled');
    if (held && !retiredDeskId)
      request.log.warn(
        { deskId },
        'the credentials sent with an enrolment are no desk of this head office: no desk retired',
      );
    return enrolled;
  });

  // Which site a code is for, the code left unspent: the desk asks before it enrols. Refused
  // as /enrol refuses it; the request line never carries the body.
  app.post('/enrol/preview', async (request, reply) => {
    const parsed = EnrolPreviewRequest.safeParse(request.body);
    if (!parsed.success)
      return fail(reply, 400, { code: 'validation', issues: issuesFromZod(parsed.error) });
    const preview = await previewEnrolment(db, parsed.data.code, now());
    return (
      preview ?? fail(reply, 401, { code: 'unauthenticated', params: { reason: 'enrolment_code' } })
    );
  });

  app.post('/sync/push', { preHandler: requireDesk }, async (request, reply) => {
    const started = performance.now();
    const parsed = PushRequest.safeParse(request.body);
    if (!parsed.success) {
      metrics.refusedRequests++;
      const issues = issuesFromZod(parsed.error).slice(0, 20);
      // A desk whose push is refused whole sends nothing more until it changes: say where, once
      // per refusal (paths and codes only, never the values).
      request.log.warn(
        { desk: request.desk!.deskId, issues: issues.map((i) => `${i.path}: ${i.code}`) },
        'push refused as malformed',
      );
      return fail(reply, 400, { code: 'validation', issues });
    }
    const mutations = parsed.data.mutations;
    if (mutations.some((m, i) => i > 0 && m.seq !== mutations[i - 1]!.seq + 1))
      return fail(reply, 400, { code: 'validation', params: { reason: 'seq_not_consecutive' } });
    metrics.pushes++;
    const response = await processPush(db, request.desk!, mutations, now, metrics, {
      currentSchemaVersion: options.currentSchemaVersion ?? mutationSchemaVersion,
      turns,
    });
    metrics.recordPushLatency(performance.now() - started);
    return response;
  });

  app.get('/sync/pull', { preHandler: requireDesk }, async (request, reply) => {
    const query = PullQuery.safeParse(request.query);
    const cursor = query.success ? parseCursor(query.data.cursor) : null;
    if (!query.success || !cursor)
      return fail(reply, 400, { code: 'validation', params: { reason: 'cursor' } });
    let page: PulledLines;
    try {
      page = await pullPageLines(db, request.desk!, cursor, query.data.limit, {
        count: query.data.count === '1',
      });
    } catch (error) {
      if (!(error instanceof CursorAhead)) throw error;
      request.log.warn(
        { desk: request.desk!.deskId, cursor: query.data.cursor },
        'pull cursor ahead of the database: was it restored from a backup?',
      );
      metrics.cursorsRefused++;
      return fail(reply, 409, { code: 'conflict', params: { reason: 'cursor_ahead' } });
    }
    if (!isSnapshotCursor(query.data.cursor) && isSnapshotCursor(page.end.cursor)) {
      request.log.info(
        { desk: request.desk!.deskId, cursor: query.data.cursor },
        'pull cursor older than the archived change log: sending the desk its scope as it stands',
      );
      metrics.downloadsBegun++;
    }
    page.end.serverTime = now();
    metrics.pulls++;
    metrics.pulledChanges += page.lines.length;
    return reply.type('application/x-ndjson').send(Readable.from(ndjsonChunks(page)));
  });

  app.get('/sync/events', { preHandler: requireDesk }, async (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx buffers proxied responses by default: a desk behind it would get each wake-up only
      // once kilobytes of pings had piled up, and fall back to its slow poll.
      'x-accel-buffering': 'no',
    });
    reply.raw.write(': connected\n\n');
    const wake = () => reply.raw.write('event: change\ndata: {}\n\n');
    const heartbeat = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
    listeners.add(wake);
    streams.add(reply.raw);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      listeners.delete(wake);
      streams.delete(reply.raw);
    });
  });

  return app;
}
