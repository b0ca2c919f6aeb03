import { eq } from 'drizzle-orm';
import { DomainError } from '../contract/errors';
import { unlockKinds } from '../contract/orders';
import { appendAudit } from '../audit/trail';
import { repairOrders } from '../db/schema';
import type { HandlerContext } from '../runtime/context';
import type { SecretBox } from '../security/secret-box';

type UnlockKind = (typeof unlockKinds)[number];

/**
 * Stored as `<kind>:<sealed>`: the kind (PIN, password, pattern) is not secret and lets the
 * screen say one is on file; the code is sealed with the order id as context, so a sealed
 * value copied onto another order does not open.
 */
export function sealUnlockSecret(
  box: SecretBox,
  orderId: string,
  unlock: { kind: UnlockKind; value: string },
): string {
  try {
    return `${unlock.kind}:${box.seal(unlock.value, `unlock:${orderId}`)}`;
  } catch {
    // The key is out of reach here (wrapped by the desk app's keychain, or the keychain is
    // locked): the intake is refused with a reason rather than stored without its code.
    throw new DomainError('secret_unavailable');
  }
}

export function unlockKindOf(stored: string | null): UnlockKind | null {
  if (!stored) return null;
  const kind = stored.slice(0, stored.indexOf(':'));
  return (unlockKinds as readonly string[]).includes(kind) ? (kind as UnlockKind) : null;
}

/** The audit action written each time someone reads an unlock code (never the code itself). */
export const unlockRevealed = 'revealUnlockCode';

/**
 * A read that is audited: whoever reveals a customer's unlock code leaves a row saying who,
 * when, at which desk and for which order (and whether it could be opened), replicated to the
 * head office like every audit row.
 */
export function revealUnlockCode(ctx: HandlerContext, input: { orderId: string }) {
  const revealed = openUnlockCode(ctx, input);
  ctx.db.transaction((tx) =>
    appendAudit(tx, ctx, [
      {
        action: unlockRevealed,
        entity: 'order',
        entityId: input.orderId,
        after: { kind: revealed?.kind ?? null },
      },
    ]),
  );
  return revealed;
}

function openUnlockCode(ctx: HandlerContext, input: { orderId: string }) {
  const order = ctx.db
    .select({ unlockSecret: repairOrders.unlockSecret })
    .from(repairOrders)
    .where(eq(repairOrders.id, input.orderId))
    .get();
  if (!order) throw new DomainError('not_found', { entity: 'order' });
  const kind = unlockKindOf(order.unlockSecret);
  if (!kind || !order.unlockSecret) return null;
  try {
    const value = ctx.secrets.open(
      order.unlockSecret.slice(kind.length + 1),
      `unlock:${input.orderId}`,
    );
    return { kind, value };
  } catch (error) {
    // A lost or replaced key file: the code cannot be read back, and the technician must ask.
    ctx.log.warn({ orderId: input.orderId, err: error }, 'unlock code could not be opened');
    throw new DomainError('secret_unavailable');
  }
}
