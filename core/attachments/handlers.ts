import type { attachmentMethods } from '../contract/attachments';
import type { DomainHandlers } from '../runtime/handler-types';
import { addAttachment, getAttachment, listAttachments } from './store';

export const attachmentHandlers: DomainHandlers<typeof attachmentMethods> = {
  addAttachment,
  listAttachments: (ctx, input) => listAttachments(ctx, input.orderId),
  getAttachment: (ctx, input) => getAttachment(ctx, input.id),
};
