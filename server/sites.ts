import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type {
  CreateSiteRequest,
  DeskSummary,
  EnrolmentCodeRequest,
  EnrolPreviewResponse,
  EnrolResponse,
  ListDesksQuery,
  SeriesPosition,
  SiteRow,
  UserRow,
} from '../core/contract/replication';
import {
  CreateSiteRequest as CreateSiteSchema,
  UpdateSiteRequest as UpdateSiteSchema,
  type UpdateSiteRequest,
} from '../core/contract/replication';
import { mergeSiteLegal } from '../core/contract/site-legal';
import { deskHoldingCredentials, hashSecret, newSecret } from './auth';
import type { ServerDb, Sql } from './db/connection';
import { readRecord, writeRecord } from './records';

/** How long an enrolment code may be used, in days (the admin commands say so as they issue one). */
export const enrolmentCodeLifetimeDays = 7;
const enrolmentCodeLifetimeMs = enrolmentCodeLifetimeDays * 24 * 3600_000;

export class SiteCodeTaken extends Error {}

/** A series code asked for a desk that another site holds, as its code or a desk's series. */
export class SeriesCodeTaken extends Error {}

/**
 * Claims a code for a site: its own code, or a further counter's series code. Order numbers carry
 * the code, so it names one site's series for good; false when another site holds it. The claim
 * is a row of `series_codes`, whose primary key settles two claims made at the same instant: the
 * later one waits for the first to commit, then reads it and is refused.
 */
async function claimCode(tx: Sql, code: string, siteId: string): Promise<boolean> {
  await tx.query(
    'INSERT INTO series_codes (code, site_id) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING',
    [code, siteId],
  );
  const [holder] = await tx.query<{ site_id: string }>(
    'SELECT site_id FROM series_codes WHERE code = $1',
    [code],
  );
  return holder?.site_id === siteId;
}

/** A one-time code a person can read out on the phone: 4 groups of 4 from an unambiguous alphabet. */
function newEnrolmentCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export async function issueEnrolmentCode(
  tx: Sql,
  siteId: string,
  now: number,
  seriesCode: string | null = null,
  replacesDeskId: string | null = null,
): Promise<{ enrolmentCode: string; expiresAt: number }> {
  const enrolmentCode = newEnrolmentCode();
  const expiresAt = now + enrolmentCodeLifetimeMs;
  await tx.query(
    `INSERT INTO enrolment_codes (code_hash, site_id, expires_at, series_code, replaces_desk_id)
     VALUES ($1, $2, $3, $4, $5)`,
    [hashSecret(enrolmentCode), siteId, expiresAt, seriesCode, replacesDeskId],
  );
  return { enrolmentCode, expiresAt };
}

/** Creates a site with its counter user and returns a one-time enrolment code for its first desk. */
export async function createSite(
  db: ServerDb,
  input: CreateSiteRequest,
  now: number,
): Promise<{ site: SiteRow; enrolmentCode: string; expiresAt: number }> {
  const request = CreateSiteSchema.parse(input);
  return db.transaction(async (tx) => {
    const id = uuidv7();
    if (!(await claimCode(tx, request.code, id))) throw new SiteCodeTaken(request.code);
    const site: SiteRow = {
      id,
      originSiteId: id,
      createdAt: now,
      updatedAt: now,
      code: request.code,
      name: request.name,
      kind: request.kind,
      timezone: request.timezone,
      country: request.country,
      currency: request.currency,
      locale: request.locale,
      legal: mergeSiteLegal({ legalName: request.name, address: '' }, request),
      slaPolicyId: null,
      active: true,
    };
    const user: UserRow = {
      id: uuidv7(),
      originSiteId: id,
      createdAt: now,
      updatedAt: now,
      siteId: id,
      name: `Banco ${request.code}`,
      login: `banco.${request.code.toLowerCase()}`,
      roles: ['receptionist', 'manager', 'admin'],
      passwordHash: null,
      pinHash: null,
      active: true,
    };
    await tx.query('INSERT INTO site_registry (id, code, kind) VALUES ($1, $2, $3)', [
      id,
      request.code,
      request.kind,
    ]);
    await writeRecord(tx, { tbl: 'sites', id, data: site, sites: null, now });
    await writeRecord(tx, { tbl: 'users', id: user.id, data: user, sites: null, now });
    return { site, ...(await issueEnrolmentCode(tx, id, now)) };
  });
}

/**
 * Changes a site's name or legal details (`admin update-site`): the site's row is written anew,
 * so every desk pulls it at its next round and its next receipt prints it. Null for no such site.
 */
export async function updateSite(
  db: ServerDb,
  code: string,
  input: UpdateSiteRequest,
  now: number,
): Promise<SiteRow | null> {
  const { name, ...legal } = UpdateSiteSchema.parse(input);
  return db.transaction(async (tx) => {
    const [registered] = await tx.query<{ id: string }>(
      'SELECT id FROM site_registry WHERE code = $1',
      [code],
    );
    const record = registered ? await readRecord(tx, 'sites', registered.id, { lock: true }) : null;
    if (!registered || !record) return null;
    const current = record.data as SiteRow;
    const site: SiteRow = {
      ...current,
      ...(name ? { name } : {}),
      legal: mergeSiteLegal(current.legal, legal),
      // Later than the row every desk holds, also when this server's clock is behind.
      updatedAt: Math.max(now, current.updatedAt + 1),
    };
    await writeRecord(tx, {
      tbl: 'sites',
      id: registered.id,
      data: site,
      sites: record.sites,
      now,
    });
    return site;
  });
}

/** `replaces` names no desk of the site the code is asked for. */
export class ReplacedDeskUnknown extends Error {}

/**
 * One more one-time code for a site, with the site's desks that are still enrolled: a code is
 * usually for a computer that replaces one of them, which must then be revoked (two desks
 * numbering in one series give out the same numbers). `request.replaces` names that desk: the
 * code numbers in its series, and the desk is revoked when the new one enrols, not before (the
 * old computer may serve until the new one is set up). A code for a further counter of the site
 * names that counter's own series (`request.series`); the site's own code names the site's series.
 */
export async function newEnrolmentCodeForSite(
  db: ServerDb,
  siteCode: string,
  now: number,
  request: EnrolmentCodeRequest = {},
): Promise<{
  enrolmentCode: string;
  expiresAt: number;
  seriesCode: string;
  replaces?: string;
  enrolledDesks: DeskSummary[];
} | null> {
  const issued = await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>('SELECT id FROM site_registry WHERE code = $1', [
      siteCode,
    ]);
    const siteId = rows[0]?.id;
    if (!siteId) return null;
    if (request.replaces) {
      const [replaced] = await tx.query<{ series_code: string | null }>(
        'SELECT series_code FROM desks WHERE id = $1 AND site_id = $2',
        [request.replaces, siteId],
      );
      if (!replaced) throw new ReplacedDeskUnknown(request.replaces);
      const series = replaced.series_code;
      return {
        ...(await issueEnrolmentCode(tx, siteId, now, series, request.replaces)),
        seriesCode: series ?? siteCode,
        replaces: request.replaces,
      };
    }
    const own = request.series && request.series !== siteCode ? request.series : null;
    if (own && !(await claimCode(tx, own, siteId))) throw new SeriesCodeTaken(own);
    return { ...(await issueEnrolmentCode(tx, siteId, now, own)), seriesCode: own ?? siteCode };
  });
  if (!issued) return null;
  const desks = await listDesks(db, { site: siteCode });
  return { ...issued, enrolledDesks: desks.filter((desk) => desk.revokedAt === null) };
}

/** The highest number taken in each year of one series code (`order-MI01-2026` → order, 2026). */
async function seriesPositions(
  tx: Sql,
  siteId: string,
  seriesCode: string,
): Promise<SeriesPosition[]> {
  const rows = await tx.query<{ series: string; last: number }>(
    `SELECT series, max(n) AS last FROM series_numbers
      WHERE site_id = $1 AND series LIKE $2 GROUP BY series`,
    [siteId, `order-${seriesCode}-%`],
  );
  return rows.flatMap(({ series, last }) => {
    const m = /^(order)-[A-Z0-9]+-(\d{4})$/.exec(series);
    return m
      ? [{ kind: m[1] as SeriesPosition['kind'], year: Number(m[2]), last: Number(last) }]
      : [];
  });
}

/** A code as stored: people read it out and type it in either case, with spaces around. */
function enrolmentCodeHash(code: string): string {
  return hashSecret(code.trim().toUpperCase());
}

/**
 * Which site a valid, unused, unexpired code is for, without spending it (`POST /enrol/preview`):
 * its code, name and kind, nothing more. Null where `enrolDesk` would refuse the code.
 */
export async function previewEnrolment(
  db: ServerDb,
  code: string,
  now: number,
): Promise<EnrolPreviewResponse | null> {
  const rows = await db.query<{ site_id: string }>(
    'SELECT site_id FROM enrolment_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2',
    [enrolmentCodeHash(code), now],
  );
  const siteId = rows[0]?.site_id;
  if (!siteId) return null;
  const site = (await readRecord(db, 'sites', siteId))!.data as SiteRow;
  return { site: { code: site.code, name: site.name, kind: site.kind } };
}

/**
 * Trades a valid, unused, unexpired code for desk credentials; only the secret's hash is kept.
 * `heldCredentials` (the request's `Authorization`) is what a computer enrolling again still
 * holds: where they are a desk's own, that desk is retired in the same transaction (revoked, and
 * `replaced_by` the new desk), and its id comes back as `retiredDeskId`. Anything else — none, a
 * desk id alone, a wrong secret — retires nothing and does not stop the enrolment: the code is
 * what enrols, and a desk that enrols again after the head office was restored from a backup
 * holds credentials this database never issued.
 */
export async function enrolDesk(
  db: ServerDb,
  code: string,
  now: number,
  heldCredentials?: string,
): Promise<EnrolResponse | null> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{
      site_id: string;
      series_code: string | null;
      replaces_desk_id: string | null;
    }>(
      `UPDATE enrolment_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING site_id, series_code, replaces_desk_id`,
      [enrolmentCodeHash(code), now],
    );
    const siteId = rows[0]?.site_id;
    if (!siteId) return null;
    const ownSeries = rows[0]!.series_code;
    const deskId = uuidv7();
    const secret = newSecret();
    await tx.query(
      'INSERT INTO desks (id, site_id, secret_hash, created_at, series_code) VALUES ($1, $2, $3, $4, $5)',
      [deskId, siteId, hashSecret(secret), now, ownSeries],
    );
    // The desk this one replaces is cut off as it takes over: the one the code names (never two
    // computers in one series), and the one this computer was (its credentials, kept in backups,
    // would otherwise still work). A desk already revoked keeps when it was.
    const held = heldCredentials ? await deskHoldingCredentials(tx, heldCredentials) : null;
    for (const replaced of new Set([rows[0]!.replaces_desk_id, held]))
      if (replaced)
        await tx.query(
          `UPDATE desks SET revoked_at = coalesce(revoked_at, $2), replaced_by = coalesce(replaced_by, $3)
            WHERE id = $1`,
          [replaced, now, deskId],
        );
    await tx.query('UPDATE enrolment_codes SET used_by_desk_id = $1 WHERE code_hash = $2', [
      deskId,
      enrolmentCodeHash(code),
    ]);
    const site = (await readRecord(tx, 'sites', siteId))!.data as SiteRow;
    const users = await tx.query<{ data: UserRow }>(
      `SELECT data FROM records WHERE tbl = 'users' AND data->>'siteId' = $1 ORDER BY id LIMIT 1`,
      [siteId],
    );
    const seriesCode = ownSeries ?? site.code;
    return {
      deskId,
      secret,
      site,
      user: users[0]!.data,
      serverTime: now,
      series: await seriesPositions(tx, siteId, seriesCode),
      seriesCode,
      ...(held ? { retiredDeskId: held } : {}),
    };
  });
}

export async function revokeDesk(db: ServerDb, deskId: string, now: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE desks SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [deskId, now],
  );
  return rows.length > 0;
}

/** Whether a site has this code: a list of an unknown site's desks is refused, not empty. */
export async function siteExists(db: ServerDb, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM site_registry WHERE code = $1', [code])).length > 0;
}

/** A site as `admin sites` lists it: what tells one from another, and whether desks serve it. */
export interface SiteSummary {
  code: string;
  name: string;
  kind: SiteRow['kind'];
  country: string;
  timezone: string;
  active: boolean;
  /** Desks enrolled for it and not revoked. */
  activeDesks: number;
  createdAt: number;
}

/** Every site the head office knows, by code, with its desks still enrolled counted. */
export async function listSites(db: ServerDb): Promise<SiteSummary[]> {
  const rows = await db.query<{ data: SiteRow; active_desks: number }>(
    `SELECT r.data, count(d.id) FILTER (WHERE d.revoked_at IS NULL)::int AS active_desks
       FROM site_registry s
       JOIN records r ON r.tbl = 'sites' AND r.id = s.id
       LEFT JOIN desks d ON d.site_id = s.id
      GROUP BY s.code, r.data
      ORDER BY s.code`,
  );
  return rows.map(({ data: site, active_desks }) => ({
    code: site.code,
    name: site.name,
    kind: site.kind,
    country: site.country,
    timezone: site.timezone,
    active: site.active,
    activeDesks: Number(active_desks),
    createdAt: site.createdAt,
  }));
}

/** The enrolled desks, newest first, of one site or of all; revoked ones too, marked. */
export async function listDesks(db: ServerDb, query: ListDesksQuery): Promise<DeskSummary[]> {
  const rows = await db.query<{
    id: string;
    code: string;
    series_code: string;
    kind: DeskSummary['siteKind'];
    created_at: string;
    last_seen_at: string | null;
    last_seq: string;
    revoked_at: string | null;
    replaced_by: string | null;
  }>(
    `SELECT d.id, s.code, coalesce(d.series_code, s.code) AS series_code, s.kind, d.created_at::text, d.last_seen_at::text, d.last_seq::text,
            d.revoked_at::text, d.replaced_by
       FROM desks d JOIN site_registry s ON s.id = d.site_id
      WHERE $1::text IS NULL OR s.code = $1
      ORDER BY d.created_at DESC, d.id`,
    [query.site ?? null],
  );
  const ms = (value: string | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    deskId: row.id,
    siteCode: row.code,
    siteKind: row.kind,
    seriesCode: row.series_code,
    enrolledAt: Number(row.created_at),
    lastSeenAt: ms(row.last_seen_at),
    lastSeq: Number(row.last_seq),
    revokedAt: ms(row.revoked_at),
    replacedBy: row.replaced_by,
  }));
}
