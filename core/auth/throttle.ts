import { and, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/open';
import { auditLog } from '../db/schema';

/** Audit rows about sign-in attempts use this entity, keyed by login (or the user id a PIN named). */
export const signInEntity = 'sign_in';
export const signInSucceeded = 'signIn';
export const signInFailed = 'signIn.failed';

const freeAttempts = 5;
const firstLockMs = 30_000;
const longestLockMs = 15 * 60_000;
const memoryMs = 24 * 60 * 60_000;

/**
 * How long this login must wait before the next attempt. Five wrong tries in a row are free;
 * each one after locks the login for twice as long as the last (30 s … 15 min). Counted from
 * the audit log, so a restart does not reset it.
 */
export function signInLockRemainingMs(db: Db, key: string, now: number): number {
  const attempts = db
    .select({ action: auditLog.action, at: auditLog.createdAt })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, signInEntity),
        eq(auditLog.entityId, key),
        gt(auditLog.createdAt, now - memoryMs),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(freeAttempts + 20)
    .all();
  const lastSuccess = attempts.findIndex((a) => a.action === signInSucceeded);
  const failures = lastSuccess === -1 ? attempts.length : lastSuccess;
  if (failures < freeAttempts) return 0;
  const lockMs = Math.min(firstLockMs * 2 ** (failures - freeAttempts), longestLockMs);
  return Math.max(0, attempts[0]!.at + lockMs - now);
}
