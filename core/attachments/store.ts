import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import {
  attachmentKinds,
  maxAttachmentBytes,
  type AttachmentInfo,
  type attachmentMethods,
} from '../contract/attachments';
import { DomainError } from '../contract/errors';
import { attachments, customers } from '../db/schema';
import { appendEvent, loadOrder } from '../orders/transition';
import type { HandlerContext } from '../runtime/context';
import { recordMutation } from '../sync/outbox';
import { sniffAttachmentType } from './file-type';

type AddInput = z.output<(typeof attachmentMethods)['addAttachment']['input']>;
type Info = z.infer<typeof AttachmentInfo>;

/** Files are kept by content: `<dataDir>/attachments/<first two hex>/<sha256>`. */
export function attachmentPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
}

function writeOnce(file: string, bytes: Buffer): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed, so a crash never leaves half a photo under its final name.
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, bytes, { flag: 'wx' });
  fs.renameSync(temporary, file);
}

/**
 * An erased customer's orders take no new photos: erasure removed theirs, on every replica, and
 * the head office refuses one arriving later.
 */
function refuseErasedCustomer(db: Pick<HandlerContext['db'], 'select'>, customerId: string): void {
  const customer = db
    .select({ erasedAt: customers.erasedAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .get();
  if (customer?.erasedAt) throw new DomainError('customer_erased');
}

/** Checks size and type before anything is written: a refused file leaves no trace. */
export function addAttachment(ctx: HandlerContext, input: AddInput): Info {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length > maxAttachmentBytes)
    throw new DomainError('attachment_too_large', {
      size: bytes.length,
      maximum: maxAttachmentBytes,
    });
  const mime = sniffAttachmentType(bytes);
  if (!mime) throw new DomainError('unsupported_attachment');
  refuseErasedCustomer(ctx.db, loadOrder(ctx.db, input.orderId).customerId);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  writeOnce(attachmentPath(ctx.dataDir, sha256), bytes);
  const now = ctx.now();
  const row = {
    id: uuidv7(),
    originSiteId: ctx.site.id,
    createdAt: now,
    orderId: input.orderId,
    sha256,
    mime,
    size: bytes.length,
    name: input.name,
    kind: attachmentKinds[mime],
  };
  ctx.db.transaction(
    (tx) => {
      refuseErasedCustomer(tx, loadOrder(tx, input.orderId).customerId);
      tx.insert(attachments).values(row).run();
      const event = appendEvent(tx, ctx, input.orderId, 'attachment', {
        data: { attachmentId: row.id, name: row.name },
      });
      // The bytes travel separately, by hash; the outbox carries the row.
      recordMutation(tx, ctx, 'order.attachment', { attachment: row, event });
    },
    { behavior: 'immediate' },
  );
  return row;
}

export function listAttachments(ctx: HandlerContext, orderId: string): Info[] {
  return ctx.db
    .select()
    .from(attachments)
    .where(eq(attachments.orderId, orderId))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .all()
    .map(({ originSiteId: _origin, ...row }) => row);
}

export function getAttachment(ctx: HandlerContext, id: string): Info & { dataBase64: string } {
  const row = ctx.db.select().from(attachments).where(eq(attachments.id, id)).get();
  if (!row) throw new DomainError('not_found', { entity: 'attachment' });
  const file = attachmentPath(ctx.dataDir, row.sha256);
  if (!fs.existsSync(file)) throw new DomainError('not_found', { entity: 'attachment_file' });
  const { originSiteId: _origin, ...info } = row;
  return { ...info, dataBase64: fs.readFileSync(file).toString('base64') };
}
