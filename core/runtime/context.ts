import { anonymousUserId } from '../contract/common';
import type { Role } from '../contract/roles';
import type { Db } from '../db/open';
import type { sites } from '../db/schema';
import type { SecretBox } from '../security/secret-box';
import type { AuditTrail } from '../audit/trail';
import type { SessionStore } from '../auth/sessions';

export interface Actor {
  userId: string;
  name: string;
  roles: readonly Role[];
  siteId: string;
}

export type SiteRow = typeof sites.$inferSelect;

/** A logger the host provides (pino in every process); never given personal data. */
export interface Logger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface HandlerContext {
  db: Db;
  actor: Actor;
  /** The site this desk is. */
  site: SiteRow;
  now: () => number;
  log: Logger;
  /** The desk's data folder: attachments and keys live under it. */
  dataDir: string;
  /** Seals secrets kept at rest (unlock codes). */
  secrets: SecretBox;
  /** Signed-in sessions of this desk and the caller's own token, when the call carried one. */
  auth?: { sessions: SessionStore; token?: string; identityChanged?: () => void };
  /** Tells the host this desk has just enrolled with a head office (it starts the sync loop). */
  enrolled?: () => void;
  /** Opened by dispatch for every mutation: handlers add before/after values through it. */
  audit?: AuditTrail;
}

/** Who calls before anyone has signed in (`anonymousUserId`): may use public methods only. */
export { anonymousUserId };

export function anonymousActor(siteId: string): Actor {
  return { userId: anonymousUserId, name: anonymousUserId, roles: [], siteId };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {} };
