import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SiteKind } from '../core/contract/replication';
import type { Sql } from './db/connection';

/** Who is calling, as established by the desk's credentials (never by anything in the request). */
export interface DeskPrincipal {
  deskId: string;
  siteId: string;
  siteCode: string;
  /** The code its order numbers carry: the site's, or its own as a site's second counter. */
  seriesCode: string;
  siteKind: SiteKind;
}

/** sha256 is enough here: the secrets are 32 random bytes, not passwords a person chose. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

const bearer = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,200})$/;

/** Whether a secret is the one whose hash is stored, compared in constant time. */
function secretMatches(secretHash: string, secret: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The desk whose credentials these are (`Bearer <deskId>.<secret>`), revoked or not: what a
 * computer enrolling again proves it was, so that its old desk is retired. Null for anything
 * else — no header, a desk id this server does not know, a secret that is not that desk's — so
 * a bare or forged desk id proves nothing.
 */
export async function deskHoldingCredentials(
  db: Sql,
  header: string | undefined,
): Promise<string | null> {
  const match = bearer.exec(header ?? '');
  if (!match) return null;
  const [, deskId, secret] = match;
  const [row] = await db.query<{ secret_hash: string }>(
    'SELECT secret_hash FROM desks WHERE id = $1',
    [deskId],
  );
  return row && secretMatches(row.secret_hash, secret!) ? deskId! : null;
}

/** `Authorization: Bearer <deskId>.<secret>`; every request checks it, so a revocation bites at once. */
export async function authenticateDesk(
  db: Sql,
  header: string | undefined,
): Promise<DeskPrincipal | null> {
  const match = bearer.exec(header ?? '');
  if (!match) return null;
  const [, deskId, secret] = match;
  const rows = await db.query<{
    secret_hash: string;
    site_id: string;
    code: string;
    series_code: string | null;
    kind: SiteKind;
  }>(
    `SELECT d.secret_hash, d.site_id, s.code, d.series_code, s.kind
       FROM desks d JOIN site_registry s ON s.id = d.site_id
      WHERE d.id = $1 AND d.revoked_at IS NULL AND s.active = 1`,
    [deskId],
  );
  const row = rows[0];
  if (!row) return null;
  if (!secretMatches(row.secret_hash, secret!)) return null;
  return {
    deskId: deskId!,
    siteId: row.site_id,
    siteCode: row.code,
    seriesCode: row.series_code ?? row.code,
    siteKind: row.kind,
  };
}
